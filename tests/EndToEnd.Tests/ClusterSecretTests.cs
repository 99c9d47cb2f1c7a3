using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Real node processes with a cluster secret, once per transport: they elect and fail over as without one;
/// a node with another secret, or none, is refused at the join and cannot move the term or the Goose; a
/// forged peer message with a higher term gets 403 and changes nothing.
/// </summary>
public abstract class ClusterSecretTests : IAsyncLifetime
{
    private const string Secret = "end-to-end-cluster-secret-of-32-bytes-or-more";

    /// <summary>How long the intruders are watched: the issue's figure.</summary>
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(30);

    private readonly ClusterTransport _transport;
    private readonly ProcessCluster _cluster;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private static string LogOf(NodeProcess node)
    {
        using var stream = new FileStream(node.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private protected ClusterSecretTests(ClusterTransport transport)
    {
        _transport = transport;
        _cluster = transport.NewCluster(nodeEnvironment: _ => new Dictionary<string, string> { ["DUCK_CLUSTER_SECRET"] = Secret });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Nodes_with_the_secret_elect_and_fail_over_and_nodes_without_it_cannot_join_or_disturb_them()
    {
        _ = await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);
        var stable = await _cluster.WaitForStableGooseAsync($"[{_transport}] 3 nodes with the secret", 3, TimeSpan.FromSeconds(1), EndToEnd.Deadline, CancellationToken.None);
        var goose = stable.Status!;
        var duckProbe = (await _cluster.ObserveAsync(CancellationToken.None)).Probes.First(p => p.IsDuck);
        var duck = duckProbe.Node;

        // Intruders: one with another secret joining through a Duck, one with none joining through the Goose.
        var wrong = _cluster.AddNode(NodeSettingsStyle.Environment, duck, environment: new Dictionary<string, string> { ["DUCK_CLUSTER_SECRET"] = "a-wrong-cluster-secret-of-32-bytes-or-more" });
        var none = _cluster.AddNode(NodeSettingsStyle.Environment, stable.Node, environment: new Dictionary<string, string> { ["DUCK_CLUSTER_SECRET"] = string.Empty });

        // Once both have been refused (their processes are up and have asked), the cluster as it is then is
        // the baseline: a process starting on a loaded 2-core machine can starve the others for a moment,
        // which is not what this test is about. From then on neither intruder may move anything.
        await EndToEnd.EventuallyAsync($"[{_transport}] both intruders asked to join and were refused", () => Task.FromResult((
            LogOf(wrong).Contains("did not prove the cluster secret", StringComparison.Ordinal) && LogOf(none).Contains("holds no cluster secret", StringComparison.Ordinal),
            $"{wrong.Name}: {wrong.LogTail(3)} | {none.Name}: {none.LogTail(3)}")), CancellationToken.None);
        bool Members(StatusProbe p) => p.Node != wrong && p.Node != none;
        var settled = await _cluster.WaitForAsync(
            $"[{_transport}] the 3 members agree on one Goose after the intruders' first refusal",
            s => s.Probes.Where(Members).ToList() is var m && m.Count(p => p.IsGoose) == 1
                 && m.All(p => p.Status is { } st && st.Goose?.Id == m.Single(g => g.IsGoose).Status!.Id && st.Term == m.Single(g => g.IsGoose).Status!.Term),
            EndToEnd.Deadline,
            CancellationToken.None);
        var baseline = settled.Probes.Single(p => Members(p) && p.IsGoose);
        goose = baseline.Status!;

        // And a forger: a vote request with a much higher term from a member's id, unsigned.
        var forged = new VoteRequest(duckProbe.Status!.Id, goose.Term + 100, 1_000, goose.Term + 100, PreVote: false, Transfer: false) { Cluster = goose.ClusterId };
        using var sent = await _http.PostAsync(
            baseline.Node.Url + "/raft/message",
            new StringContent(JsonSerializer.Serialize<PeerMessage>(forged, PeerJsonContext.Default.PeerMessage), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, sent.StatusCode);

        // For the watch: neither intruder ever becomes a member or the Goose, and no member's term, vote or
        // role changes because of one (every change's reason names its cause: "saw term 7 from x", "won votes
        // from x"). A Goose starved of CPU on a loaded machine may lose its lease meanwhile; that is not the
        // intruders' doing, and its reasons say so (the figure of an undisturbed 30 s is measured on a quiet
        // machine and given in the README).
        var intruders = new[] { (await wrong.ProbeAsync(CancellationToken.None)).Status!.Id, (await none.ProbeAsync(CancellationToken.None)).Status!.Id };
        var watchStarts = DateTimeOffset.UtcNow;
        var watchEnds = DateTime.UtcNow + Watch;
        while (DateTime.UtcNow < watchEnds)
        {
            var seen = await _cluster.ObserveAsync(CancellationToken.None);
            var members = seen.Probes.Where(Members).ToList();
            Assert.True(
                members.All(p => p.Status is not { } st || (st.MemberCount == 3 && st.Members.All(m => !intruders.Contains(m.Id)) && (st.Goose is null || !intruders.Contains(st.Goose.Id)))),
                $"[{_transport}] with two intruders ({string.Join(", ", intruders)}) asking again every 2 s, the 3 members never list one or follow one; seen: {seen.Describe()}");
            await Task.Delay(200);
        }

        foreach (var member in _cluster.Nodes.Where(n => n != wrong && n != none))
        {
            var events = await _http.GetFromJsonAsync(member.Url + "/events", DuckApiJsonContext.Default.IReadOnlyListElectionEvent);
            var caused = events!.Where(e => e.At >= watchStarts && intruders.Any(id => e.Reason.Contains(id, StringComparison.Ordinal))).ToList();
            Assert.True(caused.Count == 0, $"[{_transport}] {member.Name} changed because of an intruder: {string.Join("; ", caused.Select(e => $"{e.At:HH:mm:ss.fff} term {e.Term} {e.State}: {e.Reason}"))}");
        }

        var after = (await _cluster.ObserveAsync(CancellationToken.None)).Probes.Where(Members).ToList();
        Assert.True(after.All(p => p.Status is { } st && st.Term >= goose.Term && st.MemberCount == 3), $"[{_transport}] members after the watch: {string.Join("; ", after.Select(p => p.Describe()))}");

        await wrong.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await none.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        // With the secret the cluster still fails over.
        baseline.Node.Kill();
        await _cluster.WaitForAsync(
            $"[{_transport}] after kill -9 of the Goose {baseline.Node.Name} a survivor with the secret is Goose",
            s => s.Geese.Count == 1 && s.Geese[0].Node != baseline.Node && s.Geese[0].Status!.Term > goose.Term,
            EndToEnd.Deadline,
            CancellationToken.None);
    }
}

/// <summary>The cluster secret over HTTP.</summary>
public sealed class HttpClusterSecretTests : ClusterSecretTests
{
    /// <summary>Runs over HTTP.</summary>
    public HttpClusterSecretTests()
        : base(ClusterTransport.Http)
    {
    }
}

/// <summary>The cluster secret over ZeroMQ.</summary>
public sealed class ZeroMqClusterSecretTests : ClusterSecretTests
{
    /// <summary>Runs over ZeroMQ.</summary>
    public ZeroMqClusterSecretTests()
        : base(ClusterTransport.ZeroMq)
    {
    }
}
