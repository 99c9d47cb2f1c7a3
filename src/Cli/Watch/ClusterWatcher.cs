using DuckDuckGoose.Client;
using Refit;

namespace DuckDuckGoose.Cli.Watch;

/// <summary>
/// Reads a running cluster over and over, the way <c>scripts/cluster.cs</c> does for its own nodes: the member
/// list from <c>GET /cluster</c>, asked of the Goose (followed from whichever node answers, so the table has
/// last-heard times), and every member's own <c>GET /status</c>, all at once. When the node given with
/// <c>--url</c> dies, the members it listed before are asked instead.
/// </summary>
/// <param name="seed">The node given with <c>--url</c>.</param>
/// <param name="clientOf">A client of a URL, giving up after <paramref name="requestTimeout"/>.</param>
/// <param name="requestTimeout">How long one request may take (only for messages; the clients enforce it).</param>
public sealed class ClusterWatcher(Uri seed, Func<Uri, IDuckApi> clientOf, TimeSpan requestTimeout)
{
    private readonly List<Uri> _known = [];
    private Uri? _goose;

    /// <summary>One refresh; a member that does not answer within the request timeout is shown as such.</summary>
    public async Task<WatchSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.Now;
        var (view, source, tried) = await ReadViewAsync(cancellationToken).ConfigureAwait(false);
        if (view is null || source is null)
        {
            return new WatchSnapshot(at, null, null, null, null, null, [], $"no answer to GET /cluster from {string.Join(", ", tried.Select(NodeAddress.Format))}");
        }

        _known.Clear();
        foreach (var member in view.Members)
        {
            if (NodeAddress.TryParse(member.Url, out var url))
            {
                _known.Add(url);
            }
        }

        var rows = await Task.WhenAll(view.Members.Select(m => ProbeAsync(m, cancellationToken))).ConfigureAwait(false);
        return new WatchSnapshot(at, NodeAddress.Format(source), view.Role, view.Goose, view.Term, view.Voters, rows, null);
    }

    private async Task<(ClusterView? View, Uri? Source, IReadOnlyList<Uri> Tried)> ReadViewAsync(CancellationToken cancellationToken)
    {
        var candidates = new[] { _goose, seed }.OfType<Uri>().Concat(_known).Distinct().ToList();
        var tried = new List<Uri>();
        foreach (var candidate in candidates)
        {
            tried.Add(candidate);
            if (await TryClusterAsync(candidate, cancellationToken).ConfigureAwait(false) is not { } view)
            {
                continue;
            }

            if (view.Role == NodeRole.Goose)
            {
                _goose = candidate;
                return (view, candidate, tried);
            }

            // A Duck's view has no last-heard times: follow it to the Goose it knows, and stay with its own view if that fails.
            if (view.Goose is { } goose && NodeAddress.TryParse(goose.Url, out var gooseUrl) && gooseUrl != candidate
                && await TryClusterAsync(gooseUrl, cancellationToken).ConfigureAwait(false) is { Role: NodeRole.Goose } fromGoose)
            {
                _goose = gooseUrl;
                return (fromGoose, gooseUrl, tried);
            }

            _goose = null;
            return (view, candidate, tried);
        }

        _goose = null;
        return (null, null, tried);
    }

    private async Task<ClusterView?> TryClusterAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await clientOf(url).GetClusterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiException || NoAnswer.Is(e, cancellationToken))
        {
            return null;
        }
    }

    private async Task<WatchRow> ProbeAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        if (!NodeAddress.TryParse(member.Url, out var url))
        {
            return Row(member, null, $"its URL '{member.Url}' is not an http(s) URL");
        }

        try
        {
            return Row(member, await clientOf(url).GetStatusAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is ApiException || NoAnswer.Is(e, cancellationToken))
        {
            // Refused, reset, timed out, an error status or garbage: for a live view, all mean "no answer now".
            return Row(member, null, e is ApiException ? e.Message : NoAnswer.Describe(e, requestTimeout));
        }
    }

    private static WatchRow Row(ClusterMember member, NodeStatus? status, string? error) =>
        new(member.Id, member.Url, member.Voter, member.LastHeardMs, member.MatchIndex, status, error);
}
