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
        client.BaseAddress = new Uri(url);
        try
        {
            var status = await DuckApiClient.Create(client).GetStatusAsync(deadline.Token).ConfigureAwait(false);
            return status.ClusterId ?? (status.MemberCount > 0 ? WithoutId : null);
        }
        catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.NoAnswer(logger, url, e.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "The node to add at {Url} did not say which cluster it belongs to ({Reason}); its catch-up will tell")]
        public static partial void NoAnswer(ILogger logger, string url, string reason);
    }
}
