using System.Globalization;
using System.Text;
using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>
/// <c>random</c>: forms the cluster, carries out a seeded <see cref="FaultPlan"/> step by step on its
/// schedule, heals everything, waits for one agreed Goose, and checks every probe round from the cluster's
/// forming on.
/// </summary>
public static class RandomScenario
{
    /// <summary>How long the cluster has, after the last heal, to agree on one Goose.</summary>
    public static readonly TimeSpan FinalAgreementDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs the scenario with <paramref name="faults"/> faults.</summary>
    public static async Task<ScenarioOutcome> RunAsync(ChaosRun run, int faults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var plan = new FaultPlanner(run.Seed, run.NodeCount).Plan(faults);
        var planPath = Path.Combine(run.RunDirectory, "fault-plan.txt");
        await File.WriteAllLinesAsync(planPath, plan.Steps.Select(s => s.ToString()), cancellationToken).ConfigureAwait(false);
        run.Log.Say(string.Create(CultureInfo.InvariantCulture, $"plan: {faults} faults over {plan.DurationMs / 1000:0} s from seed {run.Seed} (every step in {planPath})"));

        await run.FormClusterAsync(cancellationToken).ConfigureAwait(false);
        var checkFrom = run.Clock.NowMs;
        var active = new List<Fault>();
        var stepDowns = new List<Task>();
        var start = run.Clock.NowMs;
        foreach (var step in plan.Steps)
        {
            var wait = start + step.AtMs - run.Clock.NowMs;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
            }

            var late = run.Clock.NowMs - (start + step.AtMs);
            if (step.Fault.Kind == FaultKind.StepDown)
            {
                // Not awaited: a hand-over takes up to an election timeout and the schedule goes on meanwhile.
                stepDowns.Add(StepDownAsync(run, step.Fault, cancellationToken));
                continue;
            }

            if (step.Heal)
            {
                active.Remove(step.Fault);
            }
            else
            {
                active.Add(step.Fault);
            }

            var applying = run.Clock.NowMs;
            await run.Injector.ApplyAsync(FaultState.Of(run.NodeCount, active), cancellationToken).ConfigureAwait(false);
            var took = run.Clock.NowMs - applying;
            var line = string.Create(CultureInfo.InvariantCulture, $"{step.AtMs / 1000,7:0.0} s {(step.Heal ? "heal  " : "inject")} {step.Fault.Describe()}")
                       + (late > 100 ? string.Create(CultureInfo.InvariantCulture, $" ({late:0} ms late)") : "")
                       + (took > 100 ? string.Create(CultureInfo.InvariantCulture, $" (took {took:0} ms)") : "");
            if (step.Heal)
            {
                run.Log.Note(line);
            }
            else
            {
                run.Log.Say(line);
            }
        }

        await Task.WhenAll(stepDowns).ConfigureAwait(false);
        await run.Injector.ApplyAsync(FaultState.Healthy(run.NodeCount), cancellationToken).ConfigureAwait(false);
        run.Log.Say("all faults healed; waiting for one agreed Goose");
        string? agreement;
        try
        {
            var goose = await run.WaitForStableGooseAsync("after the last heal, every node agrees on one Goose", TimeSpan.FromSeconds(1), FinalAgreementDeadline, cancellationToken)
                .ConfigureAwait(false);
            agreement = null;
            run.Log.Say($"agreed Goose at the end: n{goose + 1}");
        }
        catch (ChaosWaitTimeoutException e)
        {
            agreement = e.Message;
            run.Log.Say(e.Message);
        }

        // The nodes' own account, with a reason per change, to read the checker's findings against.
        await File.WriteAllTextAsync(Path.Combine(run.RunDirectory, "events.txt"), await run.DescribeEventsAsync(null, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        await run.Prober.StopAsync().ConfigureAwait(false);
        var result = ChaosChecker.Check(run.Prober.Answers.Where(a => a.SentMs >= checkFrom), run.Timeline);

        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"## Chaos: random, {run.NodeCount} nodes, seed {run.Seed}\n\n");
        report.Append(ChaosReport.FaultTable(plan.CountByKind())).Append('\n');
        report.Append(ChaosReport.ResultTable(result, run.Context)).Append('\n');
        report.Append(CultureInfo.InvariantCulture, $"Delay line: {run.DelayLine.Describe()}.\n");
        report.Append(CultureInfo.InvariantCulture, $"CPU pressure during the faults: {run.Pressure.Summary(checkFrom)}.\n");
        report.Append(agreement is null ? "After the last heal: one Goose agreed by every node.\n" : $"After the last heal: NO agreed Goose within {FinalAgreementDeadline.TotalSeconds:0} s.\n");
        return new ScenarioOutcome(report.ToString(), result.Failed || agreement is not null);
    }

    private static async Task StepDownAsync(ChaosRun run, Fault fault, CancellationToken cancellationToken)
    {
        var result = await run.StepDownAsync(fault.Nodes[0], cancellationToken).ConfigureAwait(false);
        run.Log.Say($"        step-down {fault.Describe()}: {result}");
    }
}
