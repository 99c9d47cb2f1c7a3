using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>Renders the benchmark's results as Markdown: a summary table (the README's) and every trial.</summary>
internal static class FailoverReport
{
    public static string Render(FailoverOptions options, IReadOnlyList<FailoverSeries> series)
    {
        var text = new StringBuilder();
        text.AppendLine("# Failover benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, "
            + $".NET {Environment.Version}, host built {HostLocation.Configuration}; 3 local node processes on loopback, "
            + $"HTTP transport, randomized timer, heartbeat 30 ms; {options.Trials} kills per configuration; "
            + $"load average {LoadAverage()} at the end.");
        text.AppendLine();
        text.AppendLine("Failover = `kill -9` of the Goose until another node answers `GET /status` with role Goose (survivors polled every ~5 ms).");
        text.AppendLine();
        text.AppendLine("| election-timeout-ms | trials | no new Goose in 10 s | median | p90 | worst | best |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in series)
        {
            var stats = s.Stats;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.ElectionTimeoutMs} | {s.Trials.Count} | {s.Failed} | {Ms(stats?.Median)} | {Ms(stats?.P90)} | {Ms(stats?.Worst)} | {Ms(stats?.Best)} |");
        }

        text.AppendLine();
        text.AppendLine("## Trials (failover ms, killed -> new Goose)");
        text.AppendLine();
        text.AppendLine("| # | " + string.Join(" | ", series.Select(s => $"timeout {s.ElectionTimeoutMs}")) + " |");
        text.AppendLine("|---|" + string.Concat(series.Select(_ => "---|")));
        for (var i = 0; i < options.Trials; i++)
        {
            var cells = series.Select(s => i < s.Trials.Count ? Cell(s.Trials[i]) : string.Empty);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "unknown";
    }

    private static string Cell(FailoverTrial trial) =>
        $"{Ms(trial.Failover)} ({trial.Killed} -> {trial.NewGoose ?? "none"})";

    private static string Ms(TimeSpan? time) =>
        time is { } t ? t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
