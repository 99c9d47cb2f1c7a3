namespace DuckDuckGoose.Chaos.Checking;

/// <summary>Nearest-rank percentiles, as the failover benchmark reports them.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percent"/>th percentile of <paramref name="values"/> (nearest rank), or null when empty.</summary>
    public static double? Of(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
