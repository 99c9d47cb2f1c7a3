using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDuckGoose.Chaos.Lab;
using DuckDuckGoose.Chaos.Probing;
using DuckDuckGoose.Client;
using Xunit.Abstractions;

namespace DuckDuckGoose.Chaos.Tests.Lab;

/// <summary>
/// Three node processes, each in a network namespace of its own standing in for a machine (tools/Chaos's
/// lab: <c>ddgc-n1</c>…<c>ddgc-n3</c> at 10.88.0.1–3 on one bridge), started the way the README's
/// "Running on several machines" says: bound to 0.0.0.0, advertising the machine's address, joining by IP
/// through <c>DUCK_JOIN</c>, with the cluster secret and the admin token in owner-only files. The test talks
/// to them from the bridge namespace, as a client on their network, and checks what only separate addresses
/// show: every member knows the others by their namespace URLs, a node answers on every address of its
/// machine, <c>kill -9</c> of the Goose brings a new Goose on another machine, and the old Goose restarted
/// comes back as a Duck. The lab is removed however the test ends.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AcrossMachinesTests(ITestOutputHelper output)
{
    private const int Nodes = 3;

    // Generous: a loaded 2-core CI machine starts a node process in one to a few seconds.
    private static readonly TimeSpan PhaseDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    [FactWhenNamespacesWork]
    public async Task AClusterOnThreeMachinesJoinsByIpFailsOverAfterKillAndTakesTheOldGooseBackAsADuck()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = cancel.Token;
        await RefuseALabInUseAsync(ct);
        var log = new StringWriter();
        await NetnsLab.RemoveAllAsync(log, ct);

        var run = Directory.CreateTempSubdirectory("ddgc-machines-").FullName;
        var tokenFile = OwnerOnlyFile(run, "admin-token", "machines-admin-token-0123456789\n");
        var secretFile = OwnerOnlyFile(run, "cluster-secret", "a-cluster-secret-for-the-machines-test-0123456789\n");
        var clock = new RunClock();
        var nodes = new List<ChaosNode>();
        var passed = false;
        try
        {
            await new NetnsLab(Nodes, log).BuildAsync(ct);
            for (var i = 0; i < Nodes; i++)
            {
                var node = new ChaosNode(i, run, adminToken: null, clock)
                {
                    Settings = new Dictionary<string, string>
                    {
                        ["bind"] = "0.0.0.0",
                        ["advertise"] = LabAddresses.NodeUrl(i).ToString().TrimEnd('/'),
                    },
                    Environment = Machine(i, tokenFile, secretFile),
                };
                nodes.Add(node);
            }

            using var handler = NamespaceConnector.CreateHandler(LabAddresses.BridgeNamespace, RequestTimeout);
            var probe = new Probe(handler);

            // Phase 1: n1 founds the cluster, n2 and n3 join it by IP.
            nodes[0].Start();
            await WaitAsync("n1 founds the cluster and becomes the Goose", async () =>
            {
                var status = await probe.StatusAsync(nodes[0], ct);
                return (status?.Role == NodeRole.Goose, status, Describe(nodes[0], status));
            }, nodes, ct);
            nodes[1].Start();
            nodes[2].Start();
            var formed = await WaitAsync("n2 and n3 join through DUCK_JOIN=10.88.0.1:4001 and all three agree on one Goose", async () =>
            {
                var all = await probe.AllAsync(nodes, ct);
                var gooseIds = all.Select(s => s?.Goose?.Id).Distinct().ToList();
                var done = all.All(s => s is not null && s.MemberCount == Nodes)
                           && gooseIds is [{ } _]
                           && all.Count(s => s!.Role == NodeRole.Goose) == 1;
                return (done, all, string.Join("; ", nodes.Select((n, i) => Describe(n, all[i]))));
            }, nodes, ct);

            // Every member lists every other by the URL of its machine, and so does the Goose's /cluster.
            var expected = nodes.ToDictionary(n => n.Name, n => LabAddresses.NodeUrl(n.Index).ToString().TrimEnd('/'));
            foreach (var status in formed)
            {
                Assert.Equal(expected[status!.Id], status.Url);
                Assert.Equal(expected, status.Members.ToDictionary(m => m.Id, m => m.Url));
            }

            var firstGoose = nodes.Single(n => n.Name == formed[0]!.Goose!.Id);
            var cluster = await probe.ClusterAsync(firstGoose, ct);
            Assert.Equal(expected, cluster.Members.ToDictionary(m => m.Id, m => m.Url));
            Assert.All(cluster.Members.Where(m => m.Id != firstGoose.Name), m => Assert.NotNull(m.LastHeardMs));

            // Bound to 0.0.0.0: on its machine, a node also answers on loopback, which no peer uses.
            foreach (var node in nodes)
            {
                using var local = NamespaceConnector.CreateHandler(LabAddresses.NodeNamespace(node.Index), RequestTimeout);
                var onLoopback = await new Probe(local).StatusAsync(new Uri("http://127.0.0.1:" + LabAddresses.NodePort.ToString(CultureInfo.InvariantCulture)), ct);
                Assert.Equal(node.Name, onLoopback?.Id);
            }

            // Phase 2: kill -9 of the Goose's process; a Goose on another machine takes over in a higher term.
            var oldTerm = formed.Max(s => s!.Term);
            var killedAt = Stopwatch.GetTimestamp();
            firstGoose.Kill();
            var survivors = nodes.Where(n => n != firstGoose).ToList();
            var newGoose = await WaitAsync($"a new Goose among {string.Join(" and ", survivors.Select(n => n.Name))} after kill -9 of {firstGoose.Name}", async () =>
            {
                var all = await probe.AllAsync(survivors, ct);
                var geese = all.Where(s => s?.Role == NodeRole.Goose).ToList();
                var agreed = geese is [{ } goose] && goose.Term > oldTerm && all.All(s => s?.Goose?.Id == goose.Id && s.Term == goose.Term);
                return (agreed, agreed ? geese[0] : null, string.Join("; ", survivors.Select((n, i) => Describe(n, all[i]))));
            }, nodes, ct);
            var failover = Stopwatch.GetElapsedTime(killedAt);
            Assert.NotEqual(firstGoose.Name, newGoose!.Id);
            Assert.Equal(expected[newGoose.Id], newGoose.Url);
            output.WriteLine($"kill -9 of {firstGoose.Name} (term {oldTerm}) -> {newGoose.Id} Goose in term {newGoose.Term}, agreed by both survivors after {failover.TotalMilliseconds:0} ms");

            // Phase 3: the old Goose restarted with the same command comes back as a Duck of the new Goose.
            firstGoose.Start();
            await WaitAsync($"{firstGoose.Name} restarted comes back as a Duck following {newGoose.Id}", async () =>
            {
                var all = await probe.AllAsync(nodes, ct);
                var back = all[firstGoose.Index];
                var done = back is { Role: NodeRole.Duck } && back.Goose?.Id == newGoose.Id
                           && all.All(s => s is not null && s.Goose?.Id == newGoose.Id && s.MemberCount == Nodes)
                           && all.Count(s => s!.Role == NodeRole.Goose) == 1;
                return (done, back, string.Join("; ", nodes.Select((n, i) => Describe(n, all[i]))));
            }, nodes, ct);
            passed = true;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await NetnsLab.RemoveAllAsync(log, CancellationToken.None);
            output.WriteLine(log.ToString());
            if (passed)
            {
                Directory.Delete(run, recursive: true);
            }
            else
            {
                output.WriteLine($"node logs kept in {run}");
            }
        }

        Assert.Empty(await NetnsLab.ListAsync(CancellationToken.None));
    }

    // What one machine's node gets in its environment: as in deploy/duckduckgoose.env.
    private static Dictionary<string, string> Machine(int index, string tokenFile, string secretFile)
    {
        var environment = new Dictionary<string, string>
        {
            ["DUCK_ADMIN_TOKEN_FILE"] = tokenFile,
            ["DUCK_CLUSTER_SECRET_FILE"] = secretFile,
        };
        if (index > 0)
        {
            environment["DUCK_JOIN"] = $"{LabAddresses.NodeAddress(0)}:{LabAddresses.NodePort.ToString(CultureInfo.InvariantCulture)}";
        }

        return environment;
    }

    private static string OwnerOnlyFile(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    // A lab whose namespaces hold processes belongs to a chaos run in progress: leave it alone.
    private static async Task RefuseALabInUseAsync(CancellationToken ct)
    {
        foreach (var name in await NetnsLab.ListAsync(ct))
        {
            var pids = await Command.RunAsync("ip", ["netns", "pids", name], cancellationToken: ct);
            Assert.True(pids.Output.Trim().Length == 0, $"namespace {name} has processes in it (a chaos run in progress?); not touching it. `ip netns pids {name}` lists them.");
        }
    }

    private static string Describe(ChaosNode node, NodeStatus? status) => status is null
        ? $"{node.Name}: no answer"
        : $"{node.Name}: {status.Role} term {status.Term}, Goose {status.Goose?.Id ?? "none"}, {status.MemberCount} members";

    private static async Task<T> WaitAsync<T>(string phase, Func<Task<(bool Done, T Value, string Seen)>> check, IReadOnlyList<ChaosNode> nodes, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(PhaseDeadline.TotalSeconds * Stopwatch.Frequency);
        var seen = "";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var (done, value, now) = await check();
            seen = now;
            if (done)
            {
                return value;
            }

            await Task.Delay(100, ct);
        }

        var logs = new StringBuilder();
        foreach (var node in nodes)
        {
            logs.Append(CultureInfo.InvariantCulture, $"\n--- {node.Name} (last lines of {node.LogPath}):\n{node.LogTail(15)}");
        }

        throw new TimeoutException($"Phase '{phase}' did not finish within {PhaseDeadline.TotalSeconds:0} s; last seen: {seen}{logs}");
    }

    private sealed class Probe(HttpMessageHandler handler)
    {
        public async Task<NodeStatus?> StatusAsync(ChaosNode node, CancellationToken ct) => await StatusAsync(node.Url, ct);

        public async Task<NodeStatus?> StatusAsync(Uri url, CancellationToken ct)
        {
            try
            {
                return await Client(url).GetStatusAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Not answering yet (starting), any more (killed), or not in time: all the same to a poll.
                return null;
            }
        }

        public async Task<IReadOnlyList<NodeStatus?>> AllAsync(IReadOnlyList<ChaosNode> nodes, CancellationToken ct) =>
            await Task.WhenAll(nodes.Select(n => StatusAsync(n, ct)));

        public Task<ClusterView> ClusterAsync(ChaosNode node, CancellationToken ct) => Client(node.Url).GetClusterAsync(ct);

        private IDuckApi Client(Uri url) => DuckApiClient.Create(new HttpClient(handler, disposeHandler: false) { BaseAddress = url, Timeout = RequestTimeout });
    }
}
