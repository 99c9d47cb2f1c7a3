using System.Diagnostics;
using System.Text;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// A local cluster of node processes on loopback, each with its own data directory and log under one
/// folder. The first node bootstraps; later ones join through a running node (setting <c>join</c>,
/// as <c>localhost:PORT</c> like the origin project). Disposing kills every node (SIGKILL) and deletes
/// the folder unless <see cref="KeepDirectory"/> is set.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<NodeProcess> _nodes = [];
    private readonly ProcessClusterOptions _options;

    /// <summary>Creates an empty cluster; its folder is made now.</summary>
    public ProcessCluster(ProcessClusterOptions? options = null)
    {
        _options = options ?? new ProcessClusterOptions();
        RootDirectory = _options.RootDirectory
                        ?? Path.Combine(Path.GetTempPath(), "duckduckgoose-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(RootDirectory);
    }

    /// <summary>The folder holding the nodes' data directories and logs.</summary>
    public string RootDirectory { get; }

    /// <summary>Keep <see cref="RootDirectory"/> on dispose (such as after a failure, to read the logs).</summary>
    public bool KeepDirectory { get; set; }

    /// <summary>The nodes, in the order they were added.</summary>
    public IReadOnlyList<NodeProcess> Nodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>The running nodes.</summary>
    public IReadOnlyList<NodeProcess> Running => Nodes.Where(n => n.IsRunning).ToList();

    /// <summary>
    /// Adds and starts a node named <c>n{count+1}</c> on a free port. The first node bootstraps; any
    /// later one joins through <paramref name="joinVia"/>, or the first running node.
    /// </summary>
    public NodeProcess AddNode(
        NodeSettingsStyle style = NodeSettingsStyle.CommandLine,
        NodeProcess? joinVia = null,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        AddNode(style, settings, environment, (index, _) =>
        {
            if (index == 0)
            {
                return null;
            }

            var via = joinVia ?? _nodes.FirstOrDefault(n => n.IsRunning)
                      ?? throw new InvalidOperationException("No running node to join through.");
            return $"localhost:{via.Port}";   // the node adds its own scheme (https on TLS)
        });

    /// <summary>
    /// Adds and starts a node that neither founds a cluster of one nor asks a member to add it: its
    /// <c>join</c> names its own address, which knows no Goose, so it keeps an empty state until an
    /// operator adds it through another member (<c>POST /cluster/members</c>).
    /// </summary>
    public NodeProcess AddWaitingNode(
        NodeSettingsStyle style = NodeSettingsStyle.CommandLine,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        AddNode(style, settings, environment, (_, port) => $"localhost:{port}");

    /// <summary>
    /// Starts <paramref name="count"/> nodes the way the README does by hand: the first bootstraps and is
    /// waited for until it is Goose, then the others join through it; returns once all agree on one Goose
    /// and report <paramref name="count"/> members.
    /// </summary>
    public async Task<StatusProbe> StartAsync(int count, NodeSettingsStyle style, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var first = AddNode(style);
        await WaitForAgreedGooseAsync($"first node {first.Name} bootstraps a cluster of one and becomes Goose", 1, deadline, cancellationToken)
            .ConfigureAwait(false);
        for (var i = 1; i < count; i++)
        {
            AddNode(style, first);
        }

        return await WaitForAgreedGooseAsync($"{count} nodes joined and agree on one Goose", count, deadline, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Reads every node's status at once; dead nodes are reported as down.</summary>
    public async Task<ClusterSnapshot> ObserveAsync(CancellationToken cancellationToken)
    {
        var probes = await Task.WhenAll(Nodes.Select(n => n.ProbeAsync(cancellationToken))).ConfigureAwait(false);
        return new ClusterSnapshot(probes);
    }

    /// <summary>
    /// Observes the cluster until <paramref name="condition"/> holds and returns that snapshot; after
    /// <paramref name="deadline"/> throws a <see cref="ClusterWaitTimeoutException"/> naming
    /// <paramref name="phase"/>, what each node reported last, and the tail of each node's log.
    /// </summary>
    public Task<ClusterSnapshot> WaitForAsync(
        string phase,
        Func<ClusterSnapshot, bool> condition,
        TimeSpan deadline,
        CancellationToken cancellationToken) =>
        PollUntilAsync(phase, ObserveAsync, condition, deadline, cancellationToken);

    private async Task<ClusterSnapshot> PollUntilAsync(
        string phase,
        Func<CancellationToken, Task<ClusterSnapshot>> observe,
        Func<ClusterSnapshot, bool> condition,
        TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ClusterSnapshot? last = null;
        while (true)
        {
            last = await observe(cancellationToken).ConfigureAwait(false);
            if (condition(last))
            {
                return last;
            }

            // A node that exited by itself (crashed, or refused its settings) will not come back: say so now.
            if (last.Probes.FirstOrDefault(p => p.Node.ExitedByItself) is { } exited)
            {
                // Let the last of its output (usually the reason) reach the log before quoting it.
                await exited.Node.WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                throw new ClusterWaitTimeoutException(
                    $"Phase '{phase}' cannot complete: {exited.Node.Name} exited by itself with code {exited.Node.ExitCode}. "
                    + $"Last seen: {last.Describe()}.\n{DescribeLogs()}",
                    last);
            }

            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                throw new ClusterWaitTimeoutException(
                    $"Phase '{phase}' timed out after {deadline.TotalSeconds:0.#} s. Last seen: {last.Describe()}.\n{DescribeLogs()}",
                    last);
            }

            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the cluster is settled on one Goose with <paramref name="members"/> members (see <see cref="ClusterSnapshot.AgreedGoose"/>).</summary>
    public async Task<StatusProbe> WaitForAgreedGooseAsync(string phase, int members, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var settled = await WaitForAsync(phase, s => s.AgreedGoose(members) is not null, deadline, cancellationToken).ConfigureAwait(false);
        return settled.AgreedGoose(members)!;
    }

    /// <summary>
    /// <see cref="WaitForAgreedGooseAsync"/> for many nodes, sparing them: each poll asks only the nodes whose last
    /// answer did not yet name the Goose most of them name, with <paramref name="members"/> members; once every
    /// node has, all of them are asked at once, and only that answer counts. Each node asked every poll cost a
    /// forming 101-node cluster a quarter of its CPU (scale-drill.cs: 122 s against 91 s), since a request costs a
    /// node that has just started far more than it will once its code is warm.
    /// </summary>
    public async Task<StatusProbe> WaitForAgreedGooseSparinglyAsync(string phase, int members, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var last = new Dictionary<NodeProcess, StatusProbe>();
        var settled = await PollUntilAsync(phase, ObserveUnsettledAsync, s => s.AgreedGoose(members) is not null, deadline, cancellationToken).ConfigureAwait(false);
        return settled.AgreedGoose(members)!;

        async Task<ClusterSnapshot> ObserveUnsettledAsync(CancellationToken token)
        {
            var nodes = Nodes;
            var unsettled = Unsettled(nodes);
            await ProbeAsync(unsettled.Count > 0 ? unsettled : nodes, token).ConfigureAwait(false);
            if (unsettled.Count > 0 && Unsettled(nodes).Count == 0)
            {
                // The last of them just came: ask all at once, so agreement is seen at one moment.
                await ProbeAsync(nodes, token).ConfigureAwait(false);
            }

            return new ClusterSnapshot(nodes.Select(n => last[n]).ToList());
        }

        async Task ProbeAsync(IReadOnlyList<NodeProcess> nodes, CancellationToken token)
        {
            foreach (var probe in await Task.WhenAll(nodes.Select(n => n.ProbeAsync(token))).ConfigureAwait(false))
            {
                last[probe.Node] = probe;
            }
        }

        // The nodes whose last answer does not name the Goose most answers name, with the expected members.
        List<NodeProcess> Unsettled(IReadOnlyList<NodeProcess> nodes)
        {
            var goose = last.Values.Select(p => p.Status?.Goose?.Id).Where(id => id is not null)
                .GroupBy(id => id).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
            return nodes.Where(node => !(node.IsRunning
                                         && last.TryGetValue(node, out var probe)
                                         && probe.Status is { } status
                                         && status.Goose?.Id == goose
                                         && status.MemberCount + status.NonVoterCount == members)).ToList();
        }
    }

    /// <summary>
    /// Waits until every node names the same Goose of <paramref name="members"/> members and keeps naming it
    /// for <paramref name="stableFor"/>: a kill before then would measure the last election, not the next.
    /// </summary>
    public async Task<StatusProbe> WaitForStableGooseAsync(string phase, int members, TimeSpan stableFor, TimeSpan deadline, CancellationToken cancellationToken)
    {
        string? gooseId = null;
        var since = 0L;
        var settled = await WaitForAsync(
            phase,
            s =>
            {
                var goose = s.AgreedGoose(members);
                if (goose is null || goose.Status!.Id != gooseId)
                {
                    gooseId = goose?.Status!.Id;
                    since = System.Diagnostics.Stopwatch.GetTimestamp();
                    return false;
                }

                return System.Diagnostics.Stopwatch.GetElapsedTime(since) >= stableFor;
            },
            deadline,
            cancellationToken).ConfigureAwait(false);
        return settled.AgreedGoose(members)!;
    }

    /// <summary>The node whose status reports id <paramref name="nodeId"/>, by what it answered last; null when unknown.</summary>
    public NodeProcess? NodeWithId(ClusterSnapshot snapshot, string nodeId) =>
        snapshot.Probes.FirstOrDefault(p => p.Status?.Id == nodeId)?.Node;

    /// <summary>The tail of every node's log, for failure messages.</summary>
    public string DescribeLogs()
    {
        var text = new StringBuilder();
        foreach (var node in Nodes)
        {
            text.Append("--- ").Append(node.Name).Append(" (").Append(node.LogPath).AppendLine(") last lines:");
            text.AppendLine(node.LogTail());
        }

        return text.ToString();
    }

    /// <summary>Kills every node (SIGKILL); deletes the folder unless <see cref="KeepDirectory"/> is set.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        if (!KeepDirectory)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the nodes are already gone.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }

    private NodeProcess AddNode(
        NodeSettingsStyle style,
        IReadOnlyDictionary<string, string>? settings,
        IReadOnlyDictionary<string, string>? environment,
        Func<int, int, string?> joinFor)
    {
        NodeProcess node;
        lock (_gate)
        {
            var index = _nodes.Count;
            var name = $"n{index + 1}";
            var port = FreePort.Next(_options.FirstPreferredPort + index);
            var launch = new NodeLaunch(name, port, Path.Combine(RootDirectory, name))
            {
                Join = joinFor(index, port),
                PeerPort = _options.PeerPorts ? FreePort.Next() : null,
                Style = style,
                Settings = Merge(Merge(Merge(_options.CommonSettings, TransportSettings()), _options.Certificates?.NodeSettings(name)), settings),
                Environment = Merge(Merge(_options.CommonEnvironment, _options.NodeEnvironment?.Invoke(name)), environment),
                Nice = _options.NodeNice?.Invoke(name),
                HostDll = _options.HostDll,
            };
            node = new NodeProcess(launch, Path.Combine(RootDirectory, name + ".log"), _options.StatusTimeout, _options.Certificates?.Client);
            _nodes.Add(node);
        }

        node.Start();
        return node;
    }

    private Dictionary<string, string>? TransportSettings() =>
        _options.Transport is { } transport ? new Dictionary<string, string> { ["transport"] = transport } : null;

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> common, IReadOnlyDictionary<string, string>? extra)
    {
        var merged = new Dictionary<string, string>(common);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }
}
