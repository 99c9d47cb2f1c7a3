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
            + $"transports {string.Join(", ", options.Transports)}; security {string.Join(", ", options.Securities)}; randomized timer, heartbeat 30 ms; "
            + $"{options.RoundTrips} timed round trips per transport and security mode, {options.Trials} kills per series.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min): {string.Join("; ", loadAverages)}.");
        text.AppendLine();
        text.AppendLine("Round trip = a heartbeat `AppendRequest` sent through the transport's client until its `AppendResponse` is back, "
                        + "one at a time, to a serving peer in the benchmark process on loopback TCP that answers at once "
                        + "(HTTP: Kestrel serving `POST /raft/message`; ZeroMQ: a bound `ZeroMqTransport`); every (transport, security) pair measured in alternating batches after a warm-up. "
                        + "Failover = `kill -9` of the Goose of 3 local node processes (`--transport <name>`) until another node answers "
                        + "`GET /status` with role Goose (survivors polled every ~5 ms); the killed node is restarted on its data directory each time. "
                        + "Every series' cluster runs from the start and the trials go round-robin (trial 1 on each cluster, then trial 2, ...), "
                        + "so load drift falls on all series alike. `secret`: every node holds a cluster secret (`DUCK_CLUSTER_SECRET`), so every "
                        + "peer message and reply is signed and verified (HMAC-SHA256); on the round trip the client is the host's signing transport "
                        + "and the peer verifies each request and signs its reply. `tls`: nodes serve HTTPS with certificates from a CA made for the run "
                        + "and require a client certificate from it on the peer endpoint (mutual TLS); the round trip does the same over a kept-alive connection. "
                        + "`secret+tls`: both. \"vs plain\" = the median's change against the plain series "
                        + "of the same transport (and timeout).");
        text.AppendLine();
        text.AppendLine("| transport | security | election-timeout-ms | kills | no new Goose in 10 s | failover median | p90 | worst | best | vs plain "
                        + "| RTT median | RTT p99 | RTT vs plain |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in series)
        {
            var rtt = RoundTripOf(roundTrips, s.Transport, s.Security);
            var plainRtt = RoundTripOf(roundTrips, s.Transport, SecurityModes.Plain);
            var stats = s.Stats;
            var plain = PlainOf(series, s)?.Stats;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Transport} | {s.Security} | {s.ElectionTimeoutMs} | {s.Trials.Count} | {s.Failed} "
                + $"| {Ms(stats?.Median)} | {Ms(stats?.P90)} | {Ms(stats?.Worst)} | {Ms(stats?.Best)} | {Change(s.Security, stats?.Median, plain?.Median)} "
                + $"| {Us(rtt?.Median)} | {Us(rtt?.P99)} | {Change(s.Security, rtt?.Median, plainRtt?.Median)} |");
        }

        var verdicts = Verdicts(roundTrips, series).ToList();
        if (verdicts.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Cost of each security mode at the median against plain, with the issue 9 budget of +10 % (a figure, not a test):");
            text.AppendLine();
            foreach (var line in verdicts)
            {
                text.AppendLine(line);
            }
        }

        text.AppendLine();
        text.AppendLine("## Round trips");
        text.AppendLine();
        text.AppendLine("| transport | security | timed | failed | median | p99 | mean | worst |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in roundTrips)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Transport} | {r.Security} | {r.Count} | {r.Failed} | {Us(r.Median)} | {Us(r.P99)} | {Us(r.Mean)} | {Us(r.Worst)} |");
        }

        text.AppendLine();
        text.AppendLine("## Failover trials (ms, killed -> new Goose)");
        text.AppendLine();
        text.AppendLine("| # | " + string.Join(" | ", series.Select(s => s.Label)) + " |");
        text.AppendLine("|---|" + string.Concat(series.Select(_ => "---|")));
        for (var i = 0; i < options.Trials; i++)
        {
            var cells = series.Select(s => i < s.Trials.Count ? Cell(s.Trials[i]) : string.Empty);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// One line per secured series that has a plain counterpart: the median's change on failover and on the
    /// round trip, and whether it stayed within the budget (issue 9: at most +10 % at the median). A figure,
    /// not a test: the exit code does not depend on it.
    /// </summary>
    private static IEnumerable<string> Verdicts(IReadOnlyList<RoundTripResult> roundTrips, IReadOnlyList<FailoverSeries> series)
    {
        foreach (var s in series.Where(s => s.Security != SecurityModes.Plain))
        {
            var failover = Ratio(s.Stats?.Median, PlainOf(series, s)?.Stats?.Median);
            var rtt = Ratio(RoundTripOf(roundTrips, s.Transport, s.Security)?.Median, RoundTripOf(roundTrips, s.Transport, SecurityModes.Plain)?.Median);
            if (failover is null && rtt is null)
            {
                continue;
            }

            yield return string.Create(CultureInfo.InvariantCulture,
                $"- **{s.Security}** vs plain ({s.Transport}, election-timeout-ms {s.ElectionTimeoutMs}): failover median {Verdict(failover)}; "
                + $"round-trip median {Verdict(rtt)}.");
        }
    }

    private static string Verdict(double? ratio) => ratio is { } r
        ? string.Create(CultureInfo.InvariantCulture, $"{Percent(r)}, {(r <= MaxCost ? "within" : "NOT within")} +10 %")
        : "n/a";

    /// <summary>The budget for authentication at the median (issue 9): +10 %.</summary>
    private const double MaxCost = 0.10;

    private static FailoverSeries? PlainOf(IReadOnlyList<FailoverSeries> series, FailoverSeries s) =>
        series.FirstOrDefault(p => p.Security == SecurityModes.Plain && p.Transport == s.Transport && p.ElectionTimeoutMs == s.ElectionTimeoutMs);

    private static RoundTripResult? RoundTripOf(IReadOnlyList<RoundTripResult> roundTrips, string transport, string security) =>
        roundTrips.FirstOrDefault(r => r.Transport == transport && r.Security == security && r.Count > 0);

    /// <summary>The relative change from <paramref name="baseline"/> to <paramref name="value"/> (0.05 is +5 %), or null.</summary>
    private static double? Ratio(TimeSpan? value, TimeSpan? baseline) =>
        value is { } v && baseline is { Ticks: > 0 } b ? (v.Ticks - b.Ticks) / (double)b.Ticks : null;

    /// <summary>"vs plain" cell: the relative change, "baseline" for plain itself, "n/a" without one.</summary>
    private static string Change(string security, TimeSpan? value, TimeSpan? baseline) =>
        security == SecurityModes.Plain ? "baseline" : Ratio(value, baseline) is { } r ? Percent(r) : "n/a";

    private static string Percent(double ratio) =>
        (ratio >= 0 ? "+" : "-") + Math.Abs(ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Cell(FailoverTrial trial) =>
        $"{Ms(trial.Failover)} ({trial.Killed} -> {trial.NewGoose ?? "none"})";

    private static string Ms(TimeSpan? time) =>
        time is { } t ? t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    private static string Us(TimeSpan? time) =>
        time is { } t ? t.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture) + " µs" : "n/a";
}
