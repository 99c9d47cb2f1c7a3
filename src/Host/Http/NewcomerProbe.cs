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

    /// <summary>The cluster id the node at <paramref name="url"/> reports, or null when it has none or does not answer.</summary>
    public async Task<string?> ClusterIdOfAsync(string url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var client = clients.CreateClient(GooseForwarder.ClientName);
        client.BaseAddress = new Uri(url);
        try
        {
            var status = await DuckApiClient.Create(client).GetStatusAsync(deadline.Token).ConfigureAwait(false);
            return status.ClusterId;
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
