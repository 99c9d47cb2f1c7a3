using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Asks a node about to be added which cluster its data directory belongs to (its <c>GET /status</c>), so a
/// join of a node with another cluster's log is refused with a clear problem instead of failing later,
/// when the newcomer refuses every catch-up message of a cluster it does not belong to.
/// </summary>
public sealed partial class NewcomerProbe(IHttpClientFactory clients, ILogger<NewcomerProbe> logger)
{
    /// <summary>How long the newcomer has to answer; one that does not is judged by the catch-up alone.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Stands for a cluster founded without an id; no id the host makes (32 hex digits) equals it.</summary>
    public const string WithoutId = "(a cluster founded without an id)";

    /// <summary>
    /// The cluster the node at <paramref name="url"/> says its data directory belongs to: its id; or
    /// <see cref="WithoutId"/> for a cluster it founded before clusters had ids (it has members but no id);
    /// or null when it has none yet (an empty newcomer) or does not answer.
    /// </summary>
    public async Task<string?> ClusterOfAsync(string url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var client = clients.CreateClient(GooseForwarder.ClientName);
        try
        {
            var status = await NodeStatusReader.ReadAsync(client, url, deadline.Token).ConfigureAwait(false);
            return status.ClusterId ?? (status.MemberCount > 0 ? WithoutId : null);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.NoAnswer(logger, url, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Asks the node about to be added to prove the cluster secret (<c>POST /raft/proof</c> with a fresh
    /// challenge) for exactly <paramref name="newcomer"/>'s id and addresses. Null when it did; otherwise
    /// why not (no answer, no secret, another secret, or a proof for another node or address).
    /// </summary>
    public async Task<string?> UnprovenAsync(Security.ClusterSecrets secrets, string goose, Member newcomer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(newcomer);
        var challenge = Security.JoinProofs.NewChallenge(goose);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var client = clients.CreateClient(GooseForwarder.ClientName);
        client.BaseAddress = new Uri(newcomer.Url.TrimEnd('/') + "/");
        try
        {
            using var content = System.Net.Http.Json.JsonContent.Create(challenge, PeerJsonContext.Default.JoinChallenge);
            using var response = await client.PostAsync(Http.PeerEndpoints.ProofPath.TrimStart('/'), content, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return $"{newcomer.Id} at {newcomer.Url} holds no cluster secret (or runs a version without one); start it with the cluster's secret";
            }

            if (!response.IsSuccessStatusCode)
            {
                return $"{newcomer.Id} at {newcomer.Url} answered the secret challenge with HTTP {(int)response.StatusCode}";
            }

            var proof = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, PeerJsonContext.Default.JoinProof, deadline.Token).ConfigureAwait(false);
            if (proof is not null && (proof.Id != newcomer.Id || proof.Url?.TrimEnd('/') != newcomer.Url.TrimEnd('/') || proof.Peer != newcomer.Peer))
            {
                return $"the node at {newcomer.Url} is {proof.Id} at {proof.Url}{(proof.Peer is null ? string.Empty : $" (peer {proof.Peer})")}, not {newcomer.Id} at {newcomer.Url}{(newcomer.Peer is null ? string.Empty : $" (peer {newcomer.Peer})")}";
            }

            return Security.JoinProofs.Verifies(secrets, challenge, proof, newcomer)
                ? null
                : $"{newcomer.Id} at {newcomer.Url} holds another cluster secret: its proof does not verify with this Goose's";
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or NotSupportedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"{newcomer.Id} at {newcomer.Url} did not answer the secret challenge ({e.Message})";
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "The node to add at {Url} did not say which cluster it belongs to ({Reason}); its catch-up will tell")]
        public static partial void NoAnswer(ILogger logger, string url, string reason);
    }
}
