using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// The 3 node processes of one series (transport, security mode, election timeout), kept running for the
/// whole benchmark, and the trials run on them: wait for a stable Goose, kill it with SIGKILL, and time
/// from the kill until another node answers /status with role Goose (every survivor is polled about
/// every 5 ms); then restart the killed node on its data directory and wait until it is a Duck again.
/// </summary>
internal sealed class FailoverCluster : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan StableFor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PhaseDeadline = TimeSpan.FromSeconds(60);

    private readonly ProcessCluster _cluster;
    private readonly TextWriter _output;
    private readonly List<FailoverTrial> _trials = [];

    private FailoverCluster(string transport, string security, int electionTimeoutMs, ProcessCluster cluster, TextWriter output)
    {
        Transport = transport;
        Security = security;
        ElectionTimeoutMs = electionTimeoutMs;
        _cluster = cluster;
        _output = output;
    }

    public string Transport { get; }

    public string Security { get; }

    public int ElectionTimeoutMs { get; }

    public string Label => $"[{Transport}, {Security}, election-timeout-ms {ElectionTimeoutMs}]";

    /// <summary>The trials so far, as a series.</summary>
    public FailoverSeries Series => new(Transport, Security, ElectionTimeoutMs, _trials.ToList());

    /// <summary>
    /// Starts 3 nodes with <paramref name="transport"/> at <paramref name="electionTimeoutMs"/>, holding
    /// the run's secret when <paramref name="security"/> signs and its certificates when it uses TLS, and
    /// waits for their Goose.
    /// </summary>
    public static async Task<FailoverCluster> StartAsync(
        string transport, string security, int electionTimeoutMs, BenchCredentials credentials, TextWriter output, CancellationToken cancellationToken)
    {
        // A ZeroMQ node also needs a peer port (its tcp:// peer address); each node keeps its own across restarts.
        var peerPorts = new Dictionary<string, int>();
        var cluster = new ProcessCluster(new ProcessClusterOptions
        {
            CommonSettings =
            {
                ["election-timeout-ms"] = electionTimeoutMs.ToString(CultureInfo.InvariantCulture),
                ["transport"] = transport,
            },
            // The secret goes in the environment, not on the command line, which other users can read.
            CommonEnvironment = SecurityModes.UsesSecret(security) ? new() { ["DUCK_CLUSTER_SECRET"] = credentials.ClusterSecret } : [],
            // tls-cert-file, tls-key-file and tls-ca-file per node, and this process's probes trusting the CA over https.
            Certificates = credentials.CertificatesFor(security),
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
        var self = new FailoverCluster(transport, security, electionTimeoutMs, cluster, output);
        try
        {
            output.WriteLine($"{self.Label} starting 3 node processes in {cluster.RootDirectory}");
            var started = await cluster.StartAsync(3, NodeSettingsStyle.CommandLine, PhaseDeadline, cancellationToken);
            // Peers are reached through the transport their address names: check that this run measures the one asked for.
            var addresses = started.Status!.Members.Select(m => m.PeerAddress).ToList();
            var scheme = transport != "http" ? "tcp://" : SecurityModes.UsesTls(security) ? "https://" : "http://";
            if (!addresses.All(a => a.StartsWith(scheme, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"{self.Label} the members' peer addresses are {string.Join(", ", addresses)}, not all {scheme}.");
            }

            output.WriteLine($"{self.Label} members reached at {string.Join(", ", addresses)}");
            return self;
        }
        catch (Exception e)
        {
            // Keep the logs of a cluster that never came up; the caller stops the run.
            cluster.KeepDirectory = e is ClusterWaitTimeoutException;
            await self.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs trial <paramref name="number"/> of <paramref name="of"/>, prints it and keeps it.</summary>
    public async Task<FailoverTrial> RunTrialAsync(int number, int of, CancellationToken cancellationToken)
    {
        try
        {
            var trial = await RunTrialAsync(number, cancellationToken);
            _trials.Add(trial);
            _output.WriteLine($"{Label} trial {number,2}/{of}: killed {trial.Killed} -> "
                              + (trial.Failover is { } f
                                  ? $"{trial.NewGoose} is Goose after {f.TotalMilliseconds,7:0.0} ms"
                                  : $"no new Goose within {FailoverDeadline.TotalSeconds:0} s")
                              + $"; {trial.Killed} back as Duck {trial.Rejoined.TotalSeconds:0.0} s after restart");
            return trial;
        }
        catch (ClusterWaitTimeoutException)
        {
            _cluster.KeepDirectory = true;
            throw;
        }
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private static Task<StatusProbe?> FirstNewGooseAsync(IReadOnlyList<NodeProcess> survivors, string killedId, CancellationToken cancellationToken) =>
        FirstAnswer.PollAsync(
            survivors.Select(node => (Func<CancellationToken, Task<StatusProbe?>>)(async token =>
            {
                var probe = await node.ProbeAsync(token);
                return probe.IsGoose && probe.Status!.Id != killedId ? probe : null;
            })),
            PollInterval,
            FailoverDeadline,
            cancellationToken);

    private async Task<FailoverTrial> RunTrialAsync(int number, CancellationToken cancellationToken)
    {
        var goose = await _cluster.WaitForStableGooseAsync($"{Label} trial {number}: a stable Goose before the kill", 3, StableFor, PhaseDeadline, cancellationToken);
        var victim = goose.Node;
        var survivors = _cluster.Running.Where(n => n != victim).ToList();

        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        var newGoose = await FirstNewGooseAsync(survivors, goose.Status!.Id, cancellationToken);
        TimeSpan? failover = newGoose is null ? null : Stopwatch.GetElapsedTime(killedAt, newGoose.AnsweredAt);
        if (newGoose is null)
        {
            _output.WriteLine($"{Label} trial {number}: no survivor answered Goose within {FailoverDeadline.TotalSeconds:0} s; "
                              + $"seen: {(await _cluster.ObserveAsync(cancellationToken)).Describe()}");
        }

        var restartedAt = Stopwatch.GetTimestamp();
        victim.Start();
        await _cluster.WaitForAsync(
            $"{Label} trial {number}: restarted {victim.Name} answers Duck and names the Goose the others agree on",
            s => s.AgreedGoose(3) is { } agreed && agreed.Node != victim && s[victim.Name].IsDuck,
            PhaseDeadline,
            cancellationToken);
        return new FailoverTrial(number, victim.Name, newGoose?.Node.Name, failover, Stopwatch.GetElapsedTime(restartedAt));
    }
}
