using System.Globalization;
using System.Text;
using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Chaos.Faults;
using DuckDuckGoose.Chaos.Lab;

namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>
/// <c>rolling-timing</c>: what a rolling change of <c>election-timeout-ms</c> does while it is half done.
/// Each trial goes both ways: n1 restarted with 1000 ms while the others keep 150 ms, made Goose with a
/// step-down to it, then cut off from both others (symmetric); and the reverse, n1 at 150 ms with the
/// others restarted at 1000 ms. Each node derives its lease from its own election timeout, so a cut-off
/// Goose with the longer timeout may still answer Goose after the others, with the shorter one, have elected
/// a new Goose: the table shows for how long two nodes answered Goose.
/// </summary>
public static class RollingTimingScenario
{
    private static readonly Direction[] Directions =
    [
        new("n1 1000 ms, others 150 ms", 1000, 150, 3000),
        new("n1 150 ms, others 1000 ms", 150, 1000, 4500),
    ];

    /// <summary>Runs <paramref name="trials"/> trials, each in both directions.</summary>
    public static async Task<ScenarioOutcome> RunAsync(ChaosRun run, int trials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await run.FormClusterAsync(cancellationToken).ConfigureAwait(false);
        var checkFrom = run.Clock.NowMs;
        var timeouts = Enumerable.Repeat(150, run.NodeCount).ToArray();
        var rows = new List<IReadOnlyList<string>>();
        var observations = new List<IsolationObservation>();
        for (var trial = 1; trial <= trials; trial++)
        {
            foreach (var direction in Directions)
            {
                var phase = $"trial {trial}, {direction.Name}";
                await RollAsync(run, timeouts, direction, phase, cancellationToken).ConfigureAwait(false);
                if (!await MakeN1GooseAsync(run, phase, cancellationToken).ConfigureAwait(false))
                {
                    rows.Add([Text(trial), direction.Name, "n1 never became Goose", "", "", "", ""]);
                    continue;
                }

                // n1 cut off from every other node, both ways.
                var cuts = Enumerable.Range(1, run.NodeCount - 1).SelectMany(j => new[] { new Link(0, j), new Link(j, 0) }).ToArray();
                var cut = new Fault(0, FaultKind.Partition, [0], cuts, [], null, direction.ObserveMs);
                var cutAt = run.Clock.NowMs;
                await run.Injector.ApplyAsync(FaultState.Of(run.NodeCount, [cut]), cancellationToken).ConfigureAwait(false);
                run.Log.Say($"{phase}: n1 (Goose) cut off from the others; watching for {direction.ObserveMs / 1000:0.0} s");
                await Task.Delay(TimeSpan.FromMilliseconds(direction.ObserveMs), cancellationToken).ConfigureAwait(false);
                await run.Injector.ApplyAsync(FaultState.Healthy(run.NodeCount), cancellationToken).ConfigureAwait(false);

                var seen = ChaosChecker.ObserveIsolation(run.Prober.Answers, cutAt, cutAt + direction.ObserveMs, isolated: 0);
                observations.Add(seen);
                rows.Add(
                [
                    Text(trial), direction.Name, Text(seen.OverlapRounds), ChaosReport.Ms(seen.OverlapMs),
                    ChaosReport.Ms(seen.IsolatedGooseUntilMs), ChaosReport.Ms(seen.NewGooseAfterMs), ChaosReport.Ms(seen.LongestNoGooseMs),
                    run.Pressure.At(cutAt),
                ]);
                run.Log.Say($"{phase}: {seen.OverlapRounds} round(s) with two Geese ({ChaosReport.Ms(seen.OverlapMs)}); n1 answered Goose until {ChaosReport.Ms(seen.IsolatedGooseUntilMs)}, "
                            + $"a new Goose after {ChaosReport.Ms(seen.NewGooseAfterMs)}");
                await File.WriteAllTextAsync(
                        Path.Combine(run.RunDirectory, $"rolling-trial{trial}-n1-{direction.IsolatedTimeoutMs}ms-events.txt"),
                        await run.DescribeEventsAsync(12, cancellationToken).ConfigureAwait(false),
                        cancellationToken)
                    .ConfigureAwait(false);
                await run.WaitForStableGooseAsync($"{phase}: healed, one agreed Goose", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        await run.Prober.StopAsync().ConfigureAwait(false);
        var result = ChaosChecker.Check(run.Prober.Answers.Where(a => a.SentMs >= checkFrom), run.Timeline);
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"## Chaos: rolling-timing, {run.NodeCount} nodes, {trials} trial(s)\n\n");
        report.Append("Each row: n1 made Goose, then cut off from the others (both ways); times after the cut.\n\n");
        report.Append(MarkdownTable.Render(
            ["trial", "election timeouts", "rounds with 2 Geese", "two Geese for", "n1 answered Goose until", "new Goose after", "longest no Goose", "cpu some avg10 %"],
            rows));
        report.Append(CultureInfo.InvariantCulture, $"\nCPU pressure over the trials: {run.Pressure.Summary(checkFrom)}.\n\n");
        report.Append(ChaosReport.ResultTable(result, run.Context));
        return new ScenarioOutcome(report.ToString(), result.Failed || observations.Any(o => o.OverlapRounds > 0));
    }

    // Restarts, one at a time and in order (SIGTERM, then the new setting), every node whose timeout must change.
    private static async Task RollAsync(ChaosRun run, int[] timeouts, Direction direction, string phase, CancellationToken cancellationToken)
    {
        for (var node = 0; node < run.NodeCount; node++)
        {
            var wanted = node == 0 ? direction.IsolatedTimeoutMs : direction.OthersTimeoutMs;
            if (timeouts[node] == wanted)
            {
                continue;
            }

            await run.Injector.RestartAsync(node, new Dictionary<string, string> { ["election-timeout-ms"] = Text(wanted) }, cancellationToken).ConfigureAwait(false);
            timeouts[node] = wanted;
            run.Log.Say($"{phase}: restarted {LabAddresses.NodeName(node)} with --election-timeout-ms {wanted}");
            await run.WaitForStableGooseAsync($"{phase}: {LabAddresses.NodeName(node)} back after its restart", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task<bool> MakeN1GooseAsync(ChaosRun run, string phase, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var goose = await run.WaitForStableGooseAsync($"{phase}: one agreed Goose", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), cancellationToken)
                .ConfigureAwait(false);
            if (goose == 0)
            {
                // Stable for a second more, so the cut below meets a Goose with a fresh lease, not one mid-hand-over.
                goose = await run.WaitForStableGooseAsync($"{phase}: n1 stays Goose", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), cancellationToken)
                    .ConfigureAwait(false);
                if (goose == 0)
                {
                    return true;
                }

                continue;
            }

            run.Log.Say($"{phase}: step-down to n1: {await run.StepDownAsync(0, cancellationToken).ConfigureAwait(false)}");
        }

        return false;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Direction(string Name, int IsolatedTimeoutMs, int OthersTimeoutMs, double ObserveMs);
}
