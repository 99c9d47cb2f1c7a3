using DuckDuckGoose.Chaos.Checking;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>Median (mean of the middle two for an even count, as bench/Failover), nearest-rank p90 and worst, in milliseconds.</summary>
internal sealed record FailoverSummary(int Count, double Median, double P90, double Worst)
{
    public static FailoverSummary? From(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var n = sorted.Count;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new FailoverSummary(n, median, Percentiles.Of(sorted, 90)!.Value, sorted[^1]);
    }

    public override string ToString() => $"{Median:0} / {P90:0} / {Worst:0} ms";
}
