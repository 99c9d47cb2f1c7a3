namespace DuckDuckGoose.Bench.Failover;

/// <summary>Round trips of one transport in one security mode: heartbeat request out, its reply back, one at a time.</summary>
/// <param name="Transport">The transport's name.</param>
/// <param name="Security">The security mode (<see cref="SecurityModes"/>).</param>
/// <param name="Count">Round trips timed (after the warm-up).</param>
/// <param name="Failed">Sends that failed (not timed).</param>
/// <param name="Median">Median round trip (mean of the middle two for an even count).</param>
/// <param name="P99">Nearest-rank 99th percentile.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Worst">Slowest round trip.</param>
internal sealed record RoundTripResult(string Transport, string Security, int Count, int Failed, TimeSpan Median, TimeSpan P99, TimeSpan Mean, TimeSpan Worst)
{
    public static RoundTripResult From(string transport, string security, IReadOnlyCollection<TimeSpan> times, int failed)
    {
        var sorted = times.Order().ToList();
        var n = sorted.Count;
        if (n == 0)
        {
            return new RoundTripResult(transport, security, 0, failed, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p99 = sorted[(int)Math.Ceiling(0.99 * n) - 1];
        var mean = TimeSpan.FromTicks(sorted.Sum(t => t.Ticks) / n);
        return new RoundTripResult(transport, security, n, failed, median, p99, mean, sorted[^1]);
    }
}
