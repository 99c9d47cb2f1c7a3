using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// A new node's way in (thesis §4.1): it asks the member named by <c>join</c> to add it through the admin
/// API (<c>POST /cluster/members</c>, the same operation an operator calls; a Duck passes it on to the
/// Goose), and retries with a backoff while no Goose answers or a change is in flight, until the change is
/// done or the node learns a configuration that lists it. A member whose peer address changed (it was
/// restarted with another transport) runs the same loop through itself, so the Goose records the new address.
/// </summary>
public sealed partial class JoinLoop
{
    /// <summary>
    /// First wait after a failed or busy attempt. Short, because the usual failure is a seed started at the
    /// same moment that is not listening yet; the Goose itself queues a join behind one in flight.
    /// </summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(25);

    /// <summary>Longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly NodeActor _node;
    private readonly Func<Uri, IDuckApi> _clientFor;
    private readonly TimeProvider _time;
    private readonly ILogger<JoinLoop> _logger;

    /// <summary>Creates the loop for <paramref name="node"/>; <paramref name="clientFor"/> makes an admin client for a seed's URL.</summary>
    public JoinLoop(NodeActor node, Func<Uri, IDuckApi> clientFor, TimeProvider time, ILogger<JoinLoop> logger)
    {
        _node = node;
        _clientFor = clientFor;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Asks to join through <paramref name="joinAddress"/> (<c>host:port</c> or a URL) until admitted or
    /// cancelled. With <paramref name="ask"/>, asks even while its own configuration lists it (a rejoin: that
    /// configuration may be stale, see <see cref="NodeStartup.Rejoin"/>) until one request is answered or a
    /// Goose is heard while the configuration lists it.
    /// </summary>
    public async Task RunAsync(string joinAddress, CancellationToken cancellationToken, bool ask = false)
    {
        if (!JoinAddress.TryNormalize(joinAddress, out var url))
        {
            throw new NodeSettingsException($"join: '{joinAddress}' is neither host:port nor an absolute http or https URL");
        }

        var seed = _clientFor(new Uri(url));
        var backoff = InitialBackoff;
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            // A rejoin trusts its configuration once a Goose was heard while it lists this node: a Goose writes
            // only to its members, and a member's keep-alive comes within a second.
            if (_node.IsListedAsItIs && (!ask || _node.Snapshot.Status.Leader is not null))
            {
                Log.LearnedMembership(_logger, _node.Self.Id);
                return;
            }

            Log.Attempt(_logger, attempt, url);
            try
            {
                var change = await seed.AddMemberAsync(new AddMemberRequest(_node.Self.Id, _node.Self.Url, _node.Self.Peer, _node.Self.Priority, _node.Snapshot.Status.ClusterId), cancellationToken).ConfigureAwait(false);
                Log.Joined(_logger, _node.Self.Id, change.Goose?.Id ?? "the Goose", change.Detail);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (DuckApiException e) when (e.Problem?.Type is ProblemTypes.Busy or ProblemTypes.NoGoose or ProblemTypes.Unavailable)
            {
                Log.NotYet(_logger, url, e.Problem.Title ?? e.StatusCode.ToString(), e.Problem.Detail ?? e.Message);
            }
            catch (DuckApiException e)
            {
                // Refused for good (for example the URL belongs to another member, or the admin token is
                // wrong): the operator must act, so ask again only slowly.
                Log.Rejected(_logger, url, e.Message);
                backoff = MaxBackoff;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException or Refit.ApiExceptionBase)
            {
                Log.Failed(_logger, url, e.Message);
            }

            try
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Join attempt {Attempt}: asking {Url} to add this node")]
        public static partial void Attempt(ILogger logger, int attempt, string url);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Node {Id} joined the cluster ({Goose}: {Detail})")]
        public static partial void Joined(ILogger logger, string id, string goose, string detail);

        [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{Url} answered {Title}: {Detail}; retrying shortly")]
        public static partial void NotYet(ILogger logger, string url, string title, string detail);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "{Url} refused this node's join: {Detail}; retrying slowly")]
        public static partial void Rejected(ILogger logger, string url, string detail);

        [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Join request to {Url} failed: {Reason}; retrying shortly")]
        public static partial void Failed(ILogger logger, string url, string reason);

        [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Node {Id} learned a configuration that includes it; joining is done")]
        public static partial void LearnedMembership(ILogger logger, string id);
    }
}
