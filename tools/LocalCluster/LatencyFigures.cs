namespace DuckDuckGoose.LocalCluster;

/// <summary>How the drills summarize timings: best, median, p90 and worst.</summary>
public static class LatencyFigures
{
    /// <summary>"best …, median …, p90 …, worst … (n = …)" in milliseconds, or "no figures".</summary>
    public static string Describe(IReadOnlyCollection<double> ms)
    {
        ArgumentNullException.ThrowIfNull(ms);
        if (ms.Count == 0)
        {
            return "no figures";
        }

        var sorted = ms.Order().ToList();
        var n = sorted.Count;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p90 = sorted[(int)Math.Ceiling(0.9 * n) - 1];
        return $"best {sorted[0]:0.0} ms, median {median:0.0} ms, p90 {p90:0.0} ms, worst {sorted[^1]:0.0} ms (n = {n})";
    }
}
