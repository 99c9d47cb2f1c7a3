namespace DuckDuckGoose.Bench.Failover;

/// <summary>Order statistics of the failover times of one configuration.</summary>
internal sealed record FailoverStats(int Count, TimeSpan Best, TimeSpan Median, TimeSpan P90, TimeSpan Worst)
{
    /// <summary>Median (mean of the middle two for an even count), nearest-rank p90, best and worst; null when empty.</summary>
    public static FailoverStats? From(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var n = sorted.Count;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p90 = sorted[(int)Math.Ceiling(0.9 * n) - 1];
        return new FailoverStats(n, sorted[0], median, p90, sorted[^1]);
    }
}
