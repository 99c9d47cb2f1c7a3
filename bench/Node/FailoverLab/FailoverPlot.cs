using System.Globalization;
using ScottPlot;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// The failover distribution as a PNG (ScottPlot, drawn with SkiaSharp's bundled Linux native library, so
/// no system graphics package is needed): one cumulative step line per series, the share of trials whose
/// new leader was reported within x ms. Median and p90 are read off where a line crosses the dashed 50 % and 90 % rules.
/// </summary>
internal static class FailoverPlot
{
    public static void Render(IReadOnlyList<FailoverSeriesResult> results, string path)
    {
        var plot = new Plot();
        var colors = new Dictionary<string, Color>
        {
            [FailoverRow.Goose] = Colors.DarkOrange,
            [FailoverRow.Loopback] = Colors.Orange.WithAlpha(0.45),
            [FailoverRow.Etcd] = Colors.SteelBlue,
        };
        var trials = 0;
        foreach (var series in results.Where(r => r.Times.Count > 0))
        {
            var times = series.Times;
            trials = Math.Max(trials, series.Trials.Count);
            // Start at 0 % just before the fastest trial, so every step shows.
            double[] xs = [times[0], .. times];
            double[] ys = [0, .. times.Select((_, i) => 100.0 * (i + 1) / series.Trials.Count)];
            var line = plot.Add.Scatter(xs, ys, colors.GetValueOrDefault(series.Label, Colors.Gray));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.MarkerSize = 4;
            var summary = FailoverSummary.From(times)!;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{series.Label}: median {summary.Median:0}, p90 {summary.P90:0}, worst {summary.Worst:0} ms, {series.SplitVotes} split votes");
        }

        foreach (var percent in new[] { 50.0, 90.0 })
        {
            plot.Add.HorizontalLine(percent, 1, Colors.Gray.WithAlpha(0.6), LinePattern.Dashed);
        }

        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Failover after kill -9 of the leader, 3 nodes, heartbeat 30 / election timeout 150 ms, {trials} trials each"));
        plot.XLabel("kill → a survivor reports itself leader (ms)");
        plot.YLabel("trials done (%)");
        plot.Axes.SetLimitsY(0, 102);
        plot.Axes.SetLimitsX(0, results.SelectMany(r => r.Times).DefaultIfEmpty(500).Max() * 1.05);
        plot.ShowLegend(Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1000, 560);
    }
}
