using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// Renders the benchmark's results as Markdown: one summary table with the transports side by side (the
/// README's), then the round-trip details and every failover trial.
/// </summary>
internal static class FailoverReport
{
    public static string Render(
        FailoverOptions options,
        IReadOnlyList<RoundTripResult> roundTrips,
        IReadOnlyList<FailoverSeries> series,
        IReadOnlyList<string> loadAverages)
    {
        var text = new StringBuilder();
        text.AppendLine("# Transport and failover benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, "
            + $".NET {Environment.Version}, benchmark and host built {HostLocation.Configuration}; "
            + $"transports {string.Join(", ", options.Transports)}; randomized timer, heartbeat 30 ms; "
            + $"{options.RoundTrips} timed round trips and {options.Trials} kills per transport.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min): {string.Join("; ", loadAverages)}.");
        text.AppendLine();
        text.AppendLine("Round trip = a heartbeat `AppendRequest` sent through the transport's client until its `AppendResponse` is back, "
                        + "one at a time, to a serving peer in the benchmark process on loopback TCP that answers at once "
                        + "(HTTP: Kestrel serving `POST /raft/message`; ZeroMQ: a bound `ZeroMqTransport`); transports measured in alternating batches after a warm-up. "
                        + "Failover = `kill -9` of the Goose of 3 local node processes (`--transport <name>`) until another node answers "
                        + "`GET /status` with role Goose (survivors polled every ~5 ms); the killed node is restarted on its data directory each time.");
        text.AppendLine();
        text.AppendLine("| transport | election-timeout-ms | RTT median | RTT p99 | RTT mean | kills | no new Goose in 10 s | failover median | p90 | worst | best |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in series)
        {
            var rtt = roundTrips.FirstOrDefault(r => r.Transport == s.Transport);
            var stats = s.Stats;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Transport} | {s.ElectionTimeoutMs} | {Us(rtt?.Median)} | {Us(rtt?.P99)} | {Us(rtt?.Mean)} | {s.Trials.Count} | {s.Failed} "
                + $"| {Ms(stats?.Median)} | {Ms(stats?.P90)} | {Ms(stats?.Worst)} | {Ms(stats?.Best)} |");
        }

        text.AppendLine();
        text.AppendLine("## Round trips");
        text.AppendLine();
        text.AppendLine("| transport | timed | failed | median | p99 | mean | worst |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in roundTrips)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Transport} | {r.Count} | {r.Failed} | {Us(r.Median)} | {Us(r.P99)} | {Us(r.Mean)} | {Us(r.Worst)} |");
        }

        text.AppendLine();
        text.AppendLine("## Failover trials (ms, killed -> new Goose)");
        text.AppendLine();
        text.AppendLine("| # | " + string.Join(" | ", series.Select(s => $"{s.Transport}, timeout {s.ElectionTimeoutMs}")) + " |");
        text.AppendLine("|---|" + string.Concat(series.Select(_ => "---|")));
        for (var i = 0; i < options.Trials; i++)
        {
            var cells = series.Select(s => i < s.Trials.Count ? Cell(s.Trials[i]) : string.Empty);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown".</summary>
    public static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "unknown";
    }

    private static string Cell(FailoverTrial trial) =>
        $"{Ms(trial.Failover)} ({trial.Killed} -> {trial.NewGoose ?? "none"})";

    private static string Ms(TimeSpan? time) =>
        time is { } t ? t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    private static string Us(TimeSpan? time) =>
        time is { } t ? t.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture) + " µs" : "n/a";
}
