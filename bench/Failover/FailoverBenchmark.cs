namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// Measures failover for every series (transport × security mode × election timeout) side by side. Every
/// series' cluster is started up front and the trials go round-robin: trial 1 on each cluster in turn,
/// then trial 2, and so on. So a drift in machine load (other jobs, the benchmark's own restarts) falls on
/// every series alike instead of on whichever ran last; a cluster waiting its turn only exchanges heartbeats.
/// </summary>
internal sealed class FailoverBenchmark(FailoverOptions options, BenchCredentials credentials, TextWriter output, Action<string> noteLoad)
{
    public async Task<IReadOnlyList<FailoverSeries>> RunAsync(CancellationToken cancellationToken)
    {
        var clusters = new List<FailoverCluster>();
        try
        {
            foreach (var transport in options.Transports)
            {
                foreach (var security in options.Securities)
                {
                    foreach (var timeout in options.ElectionTimeouts)
                    {
                        clusters.Add(await FailoverCluster.StartAsync(transport, security, timeout, credentials, output, cancellationToken));
                    }
                }
            }

            noteLoad($"with all {clusters.Count} clusters ({3 * clusters.Count} node processes) started");
            for (var number = 1; number <= options.Trials; number++)
            {
                foreach (var cluster in clusters)
                {
                    await cluster.RunTrialAsync(number, options.Trials, cancellationToken);
                }

                if (number == (options.Trials + 1) / 2 && number < options.Trials)
                {
                    noteLoad($"after round {number} of {options.Trials}");
                }
            }

            noteLoad("after the failover trials");
            return clusters.Select(c => c.Series).ToList();
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await cluster.DisposeAsync();
            }
        }
    }
}
