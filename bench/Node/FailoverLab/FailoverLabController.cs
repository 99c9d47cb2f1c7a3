using System.Text.Json;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// The inner process of the failover row, run by <see cref="FailoverLabLauncher"/> inside the lab's bridge
/// namespace (from where every node's address is reachable): starts every series' cluster up front and
/// runs the trials round-robin (trial 1 on each, then trial 2...), as bench/Failover does, so a drift in
/// machine load falls on every series alike; the order rotates every round. Writes the results as JSON for the launcher.
/// </summary>
internal static class FailoverLabController
{
    public const string Argument = "--failover-lab-controller";

    public static async Task<int> RunAsync(string resultPath, int trials, string runDirectory, CancellationToken cancellationToken)
    {
        HostLocation.RequireHostDll();
        var series = new List<IFailoverSeries> { new GooseNamespaceSeries(runDirectory), new GooseLoopbackSeries() };
        var missing = new List<FailoverSeriesResult>();
        if (EtcdNamespaceSeries.Etcd is null)
        {
            missing.Add(new FailoverSeriesResult("etcd 3.4, namespaces", [], $"etcd is not installed ({EtcdNamespaceSeries.InstallHint})"));
        }
        else
        {
            series.Add(new EtcdNamespaceSeries(runDirectory));
        }

        try
        {
            var runners = series.Select(s => new FailoverTrialRunner(s, Console.Out)).ToList();
            foreach (var s in series)
            {
                await s.StartAsync(cancellationToken);
            }

            for (var number = 1; number <= trials; number++)
            {
                // Each round starts with the next series, so every series follows every other equally often:
                // what one series' restart leaves behind (a DuckDuckGoose node still compiling its hot paths
                // costs more than a restarted etcd) does not always land on the same neighbour.
                foreach (var runner in runners.Skip((number - 1) % runners.Count).Concat(runners.Take((number - 1) % runners.Count)))
                {
                    await runner.RunTrialAsync(number, trials, cancellationToken);
                }
            }

            var results = runners.Select(r => r.Result).Concat(missing).ToList();
            await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(results), cancellationToken);
            return 0;
        }
        finally
        {
            foreach (var s in series)
            {
                await s.DisposeAsync();
            }
        }
    }
}
