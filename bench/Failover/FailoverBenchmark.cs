using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// Measures failover on 3 local node processes talking through one transport: wait for a stable Goose, kill it with SIGKILL, and time
/// from the kill until another node answers /status with role Goose (every survivor is polled about
/// every 5 ms); then restart the killed node on its data directory and wait until it is a Duck again.
/// </summary>
internal sealed class FailoverBenchmark(FailoverOptions options, TextWriter output)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan StableFor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PhaseDeadline = TimeSpan.FromSeconds(60);

    public async Task<FailoverSeries> RunAsync(string transport, int electionTimeoutMs, CancellationToken cancellationToken)
    {
        // A ZeroMQ node also needs a peer port (its tcp:// peer address); each node keeps its own across restarts.
        var peerPorts = new Dictionary<string, int>();
        await using var cluster = new ProcessCluster(new ProcessClusterOptions
        {
            CommonSettings =
            {
                ["election-timeout-ms"] = electionTimeoutMs.ToString(CultureInfo.InvariantCulture),
                ["transport"] = transport,
            },
            NodeEnvironment = transport == "http"
                ? null
                : name =>
                {
                    lock (peerPorts)
                    {
                        if (!peerPorts.TryGetValue(name, out var port))
                        {
                            port = peerPorts[name] = FreePort.Next();
                        }

                        return new Dictionary<string, string> { ["DUCK_PEER_PORT"] = port.ToString(CultureInfo.InvariantCulture) };
                    }
                },
            StatusTimeout = TimeSpan.FromMilliseconds(250),
            PollInterval = TimeSpan.FromMilliseconds(20),
        });
        var label = $"[{transport}, election-timeout-ms {electionTimeoutMs}]";
        output.WriteLine($"{label} starting 3 node processes in {cluster.RootDirectory}");
        try
        {
            var started = await cluster.StartAsync(3, NodeSettingsStyle.CommandLine, PhaseDeadline, cancellationToken);
            // Peers are reached through the transport their address names: check that this run measures the one asked for.
            var addresses = started.Status!.Members.Select(m => m.PeerAddress).ToList();
            var scheme = transport == "http" ? "http://" : "tcp://";
            if (!addresses.All(a => a.StartsWith(scheme, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"{label} the members' peer addresses are {string.Join(", ", addresses)}, not all {scheme}.");
            }

            output.WriteLine($"{label} members reached at {string.Join(", ", addresses)}");
            var trials = new List<FailoverTrial>();
            for (var number = 1; number <= options.Trials; number++)
            {
                var trial = await RunTrialAsync(cluster, number, cancellationToken);
                trials.Add(trial);
                output.WriteLine($"{label} trial {number,2}/{options.Trials}: killed {trial.Killed} -> "
                                 + (trial.Failover is { } f
                                     ? $"{trial.NewGoose} is Goose after {f.TotalMilliseconds,7:0.0} ms"
                                     : $"no new Goose within {FailoverDeadline.TotalSeconds:0} s")
                                 + $"; {trial.Killed} back as Duck {trial.Rejoined.TotalSeconds:0.0} s after restart");
            }

            return new FailoverSeries(transport, electionTimeoutMs, trials);
        }
        catch (ClusterWaitTimeoutException)
        {
            cluster.KeepDirectory = true;
            throw;
        }
    }

    private static async Task<StatusProbe?> FirstNewGooseAsync(IReadOnlyList<NodeProcess> survivors, string killedId, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        done.CancelAfter(FailoverDeadline);
        var winner = new TaskCompletionSource<StatusProbe?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pollers = survivors.Select(node => PollAsync(node)).ToList();
        using (done.Token.Register(() => winner.TrySetResult(null)))
        {
            var result = await winner.Task;
            await done.CancelAsync();
            await Task.WhenAll(pollers);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }

        async Task PollAsync(NodeProcess node)
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    var probe = await node.ProbeAsync(done.Token);
                    if (probe.IsGoose && probe.Status!.Id != killedId)
                    {
                        winner.TrySetResult(probe);
                        return;
                    }

                    await Task.Delay(PollInterval, done.Token);
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                // Another survivor answered first, or the deadline passed.
            }
        }
    }

    private async Task<FailoverTrial> RunTrialAsync(ProcessCluster cluster, int number, CancellationToken cancellationToken)
    {
        var goose = await cluster.WaitForStableGooseAsync($"trial {number}: a stable Goose before the kill", 3, StableFor, PhaseDeadline, cancellationToken);
        var victim = goose.Node;
        var survivors = cluster.Running.Where(n => n != victim).ToList();

        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        var newGoose = await FirstNewGooseAsync(survivors, goose.Status!.Id, cancellationToken);
        TimeSpan? failover = newGoose is null ? null : Stopwatch.GetElapsedTime(killedAt, newGoose.AnsweredAt);
        if (newGoose is null)
        {
            output.WriteLine($"trial {number}: no survivor answered Goose within {FailoverDeadline.TotalSeconds:0} s; "
                             + $"seen: {(await cluster.ObserveAsync(cancellationToken)).Describe()}");
        }

        var restartedAt = Stopwatch.GetTimestamp();
        victim.Start();
        await cluster.WaitForAsync(
            $"trial {number}: restarted {victim.Name} answers Duck and names the Goose the others agree on",
            s => s.AgreedGoose(3) is { } agreed && agreed.Node != victim && s[victim.Name].IsDuck,
            PhaseDeadline,
            cancellationToken);
        return new FailoverTrial(number, victim.Name, newGoose?.Node.Name, failover, Stopwatch.GetElapsedTime(restartedAt));
    }
}
