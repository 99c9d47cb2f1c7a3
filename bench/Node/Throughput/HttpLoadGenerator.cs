using System.Diagnostics;
using System.Net;

namespace DuckDuckGoose.Bench.Node.Throughput;

/// <summary>
/// The fallback when wrk is missing: one loop per connection, each with its own keep-alive
/// connection, sending <c>GET</c> back to back for a fixed time, as wrk does. It runs in the benchmark's
/// own process and so shares the 2 cores with the app it loads; its figures are lower than wrk's and
/// are only compared with each other (DuckDuckGoose and the bare app, same generator, same run).
/// </summary>
internal static class HttpLoadGenerator
{
    public static async Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var uri = new Uri(url);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        stop.CancelAfter(duration);
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(() => LoopAsync(http, uri, stop.Token), CancellationToken.None)).ToList();
        var counts = await Task.WhenAll(loops);
        cancellationToken.ThrowIfCancellationRequested();
        return new LoadResult($".NET HttpClient, {connections} connections, {duration.TotalSeconds:0} s (wrk not installed)",
            counts.Sum(c => c.Ok), counts.Sum(c => c.Failed), Stopwatch.GetElapsedTime(started));
    }

    private static async Task<(long Ok, long Failed)> LoopAsync(HttpClient http, Uri uri, CancellationToken stop)
    {
        long ok = 0;
        long failed = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, stop).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ok++;
                }
                else
                {
                    failed++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Time is up; a request cut off now is counted as neither.
            }
            catch (HttpRequestException)
            {
                failed++;
            }
        }

        return (ok, failed);
    }
}
