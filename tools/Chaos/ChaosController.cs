using DuckDuckGoose.Chaos.Scenarios;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Chaos;

/// <summary>
/// The controller, inside the bridge namespace (<c>--inner</c>, started by <see cref="ChaosLauncher"/>): runs
/// the scenario with its nodes, prober and delay line, prints the report and writes it to
/// <c>report.md</c> in the run directory. SIGINT, SIGTERM or SIGHUP stop the scenario; the nodes are killed
/// either way.
/// </summary>
public static class ChaosController
{
    /// <summary>Runs the scenario; returns the exit code.</summary>
    public static async Task<int> RunAsync(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var shutdown = new ShutdownSignal();
        ChaosRun? run = null;
        try
        {
            run = await ChaosRun.StartAsync(options, shutdown.Token).ConfigureAwait(false);
            var outcome = options.Scenario switch
            {
                ChaosScenario.RollingTiming => await RollingTimingScenario.RunAsync(run, options.TrialCount, shutdown.Token).ConfigureAwait(false),
                ChaosScenario.Heal => await HealScenario.RunAsync(run, options.TrialCount, shutdown.Token).ConfigureAwait(false),
                _ => await RandomScenario.RunAsync(run, options.Faults, shutdown.Token).ConfigureAwait(false),
            };
            Console.WriteLine();
            Console.WriteLine(outcome.Report);
            await File.WriteAllTextAsync(Path.Combine(run.RunDirectory, "report.md"), outcome.Report, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(outcome.Failed
                ? "chaos: FAILED (two Geese at one instant, a term with two leaders, or no agreed Goose at the end; see above)"
                : "chaos: passed (no overlap, no term with two leaders)");
            return outcome.Failed ? 1 : 0;
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            Console.WriteLine("chaos: stopped by a signal");
            return 130;
        }
        catch (ChaosWaitTimeoutException e)
        {
            Console.WriteLine($"chaos: {e.Message}");
            return 1;
        }
        finally
        {
            if (run is not null)
            {
                await run.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
