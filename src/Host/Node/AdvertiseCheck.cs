using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Http;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// Once the server listens, the node reads its own <c>/status</c> through its advertised URL, the way its
/// peers will reach it. A wrong <c>advertise</c> setting (a classic operator error: peers would vote and
/// heartbeat into the void) shows up as a warning at start instead of as a cluster that never settles.
/// It also takes the one-off cost of the process's first outgoing requests (JIT, handler and connection
/// set-up) at start rather than in the first election after a failover or the first hand-over, when a
/// Duck sends for the first time: once over HTTP, and once through the transport's own send path.
/// </summary>
public sealed partial class AdvertiseCheck(Member self, IHttpClientFactory clients, ITransport transport, ILogger<AdvertiseCheck> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads this node's status through its advertised URL and logs what it found. Never throws.</summary>
    /// <returns>True when the advertised URL answered with this node's id.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = clients.CreateClient(nameof(AdvertiseCheck));
            client.Timeout = Timeout;
            var status = await NodeStatusReader.ReadAsync(client, self.Url, cancellationToken).ConfigureAwait(false);
            await WarmTransportAsync(cancellationToken).ConfigureAwait(false);
            if (status.Id == self.Id)
            {
                Log.Reachable(logger, self.Url);
                return true;
            }

            Log.SomeoneElse(logger, self.Url, status.Id, self.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Whatever went wrong (refused, timed out, an error status, not a status document), the URL did
            // not bring back this node's status, and that is all this check reports.
            Log.Unreachable(logger, self.Url, e.Message);
        }

        return false;
    }

    /// <summary>
    /// Sends one pre-vote from this node to itself through the transport. The core ignores a message from
    /// itself, so nothing changes and the request is refused; what counts is that the send path has run once.
    /// </summary>
    private async Task WarmTransportAsync(CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(self, new VoteRequest(self.Id, 0, 0, 0, PreVote: true), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Expected: the node refuses a request from itself.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 610, Level = LogLevel.Debug, Message = "Advertised URL {Url} reaches this node")]
        public static partial void Reachable(ILogger logger, string url);

        [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "Advertised URL {Url} answers as node {Other}, not this node {Id}: check the advertise setting")]
        public static partial void SomeoneElse(ILogger logger, string url, string other, string id);

        [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "Advertised URL {Url} does not reach this node ({Reason}): peers will not reach it either; check the advertise setting")]
        public static partial void Unreachable(ILogger logger, string url, string reason);
    }
}
