using System.Globalization;
using System.Text;
using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Chaos.Faults;
using DuckDuckGoose.Chaos.Lab;

namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>
/// <c>heal</c>: does healing a partition disturb the Goose the majority elected meanwhile? Each trial cuts the
/// Goose and (in five nodes) one Duck off from the other three, waits until the three have a Goose that is
/// stable, heals, and watches <see cref="WatchMs"/>: the trial counts as disrupted when the majority's Goose is
/// replaced or the term rises in that window. <c>/proc/pressure/cpu</c> is sampled at each heal, since a
/// starved machine can delay heartbeats past an election timeout on its own.
/// </summary>
public static class HealScenario
{
    /// <summary>How long after the heal a change counts.</summary>
    public const double WatchMs = ChaosChecker.HealthyWindowMs;

    /// <summary>Runs <paramref name="trials"/> trials.</summary>
    public static async Task<ScenarioOutcome> RunAsync(ChaosRun run, int trials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await run.FormClusterAsync(cancellationToken).ConfigureAwait(false);
        var pressureAtStart = CpuPressure.Read();
        var watchFrom = run.Clock.NowMs;
        run.Log.Say($"cpu pressure at the start: {pressureAtStart}");
        var checkFrom = run.Clock.NowMs;
        var random = new Random(run.Seed);
        var rows = new List<IReadOnlyList<string>>();
        var disrupted = 0;
        var gaps = new List<double>();
        for (var trial = 1; trial <= trials; trial++)
        {
            var phase = $"trial {trial}";
            var goose = await run.WaitForStableGooseAsync($"{phase}: one agreed Goose", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), cancellationToken)
                .ConfigureAwait(false);
            var ducks = Enumerable.Range(0, run.NodeCount).Where(n => n != goose).ToArray();
            random.Shuffle(ducks);
            var minority = ducks.Take(((run.NodeCount - 1) / 2) - 1).Append(goose).Order().ToArray();
            var majority = Enumerable.Range(0, run.NodeCount).Except(minority).ToArray();
            var cuts = minority.SelectMany(a => majority.SelectMany(b => new[] { new Link(a, b), new Link(b, a) })).ToArray();
            var partition = new Fault(trial, FaultKind.Partition, minority, cuts, [], null, 0);
            var cutAt = run.Clock.NowMs;
            await run.Injector.ApplyAsync(FaultState.Of(run.NodeCount, [partition]), cancellationToken).ConfigureAwait(false);

            var elected = await run.WaitForStableGooseAsync(
                    $"{phase}: the majority {Names(majority)} elects a Goose, stable for 1 s", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), cancellationToken, majority)
                .ConfigureAwait(false);
            var electedAfter = run.Prober.Answers.Where(a => a.SentMs >= cutAt && a.IsGoose && a.Node == elected).Select(a => a.ReceivedMs - cutAt).DefaultIfEmpty(0).Min();
            var term = run.Prober.LastCompleteRound!.Answers[elected].Term;
            var pressure = CpuPressure.Read();

            var healAt = run.Clock.NowMs;
            await run.Injector.ApplyAsync(FaultState.Healthy(run.NodeCount), cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(WatchMs + (2 * run.Options.ProbeTimeoutMs)), cancellationToken).ConfigureAwait(false);
            var seen = ChaosChecker.ObserveAfterHeal(run.Prober.Answers, healAt, WatchMs, elected, term);
            gaps.Add(seen.LongestNoGooseMs);
            if (seen.Disrupted)
            {
                disrupted++;
                await File.WriteAllTextAsync(
                        Path.Combine(run.RunDirectory, $"heal-trial{trial}-events.txt"),
                        await run.DescribeEventsAsync(12, cancellationToken).ConfigureAwait(false),
                        cancellationToken)
                    .ConfigureAwait(false);
            }

            rows.Add(
            [
                Text(trial), Names(minority), $"n{elected + 1} (term {term})", ChaosReport.Ms(electedAfter),
                seen.Disrupted ? $"yes, +{ChaosReport.Ms(seen.DisruptedAfterMs)}: {seen.What}" : "no",
                ChaosReport.Ms(seen.LongestNoGooseMs), pressure,
            ]);
            run.Log.Say(string.Create(CultureInfo.InvariantCulture, $"{phase}: cut off {Names(minority)}; majority Goose n{elected + 1} term {term} after {electedAfter:0} ms; healed; ")
                        + (seen.Disrupted ? $"DISRUPTED +{ChaosReport.Ms(seen.DisruptedAfterMs)}: {seen.What}" : "not disrupted")
                        + $"; longest no-Goose {ChaosReport.Ms(seen.LongestNoGooseMs)}; cpu {pressure}");
        }

        var pressureAtEnd = CpuPressure.Read();
        run.Log.Say($"cpu pressure at the end: {pressureAtEnd}");
        await run.Prober.StopAsync().ConfigureAwait(false);
        var result = ChaosChecker.Check(run.Prober.Answers.Where(a => a.SentMs >= checkFrom), run.Timeline);
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"## Chaos: heal, {run.NodeCount} nodes, {trials} trial(s), seed {run.Seed}\n\n");
        report.Append(MarkdownTable.Render(
            ["trial", "cut off", "majority Goose", "elected after", $"disrupted within {WatchMs / 1000:0} s of the heal", "longest no Goose", "cpu some avg10/avg60 at the heal"],
            rows));
        report.Append('\n').Append(MarkdownTable.Render(
            ["measure", "value"],
            [
                ["trials disrupted", $"{disrupted} of {trials}"],
                ["no-Goose gap after the heal, median / worst", $"{ChaosReport.Ms(Percentiles.Of(gaps, 50))} / {ChaosReport.Ms(gaps.DefaultIfEmpty(0).Max())}"],
                ["/proc/pressure/cpu at the start", pressureAtStart],
                ["/proc/pressure/cpu at the end", pressureAtEnd],
                ["cpu pressure over the trials", run.Pressure.Summary(watchFrom)],
            ]));
        report.Append('\n').Append(ChaosReport.ResultTable(result, run.Context));
        return new ScenarioOutcome(report.ToString(), result.Failed);
    }

    private static string Names(IEnumerable<int> nodes) => "{" + string.Join(",", nodes.Select(LabAddresses.NodeName)) + "}";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
