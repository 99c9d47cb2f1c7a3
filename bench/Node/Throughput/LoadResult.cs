namespace DuckDuckGoose.Bench.Node.Throughput;

/// <summary>What one saturation of <c>GET /status</c> achieved.</summary>
/// <param name="Tool">Which load generator ran: <c>wrk</c> or the benchmark's own .NET one.</param>
/// <param name="Requests">Requests answered with a 2xx.</param>
/// <param name="Errors">Requests that failed or answered otherwise.</param>
/// <param name="Elapsed">How long the load ran.</param>
internal sealed record LoadResult(string Tool, long Requests, long Errors, TimeSpan Elapsed)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
