using System.Net;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Real node processes on loopback, once per transport (a subclass each, so test names show it): start
/// as the README says and grow the cluster with DUCK_JOIN; kill -9 the Goose, see a survivor take over,
/// and restart it on its data directory. Each test reuses its one cluster across its phases, to keep the
/// sequential suite short. Every wait names its phase and transport and, on timeout, what each node
/// reported and the tail of its log.
/// </summary>
public abstract class ClusterLifecycleTests : IAsyncLifetime
{
    private readonly ClusterTransport _transport;
    private readonly ProcessCluster _cluster;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private protected ClusterLifecycleTests(ClusterTransport transport)
    {
        _transport = transport;
        _cluster = transport.NewCluster();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Three_nodes_started_as_the_readme_says_agree_on_one_goose_and_a_fourth_joins_with_DUCK_JOIN()
    {
        // DUCK_PORT=P1; then DUCK_PORT=P2 DUCK_JOIN=localhost:P1 and DUCK_PORT=P3 DUCK_JOIN=localhost:P1
        // (plus DUCK_TRANSPORT and DUCK_PEER_PORT for a transport other than HTTP).
        await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);

        var settled = await _cluster.WaitForAsync(
            $"[{_transport}] 3 nodes report 3 members and agree on one Goose",
            s => s.AgreedGoose(3) is not null,
            EndToEnd.Deadline,
            CancellationToken.None);

        var goose = Assert.Single(settled.Geese);
        var seen = $"[{_transport}] {settled.Describe()}";
        Assert.True(goose.Status!.State == NodeState.Leader, $"the Goose must be the Raft leader; seen: {seen}");
        Assert.True(settled.Answered.Count == 3, $"all 3 nodes must answer; seen: {seen}");
        Assert.True(settled.Answered.All(p => p.Status!.Goose is { } named && named.Id == goose.Status.Id && named.Url == goose.Status.Url),
            $"all 3 must name the same Goose id and URL; seen: {seen}");
        Assert.True(settled.Answered.Count(p => p.IsDuck) == 2, $"the other two must report Duck; seen: {seen}");
        Assert.True(settled.Answered.Select(p => p.Status!.Id).Distinct().Count() == 3, $"node ids must differ; seen: {seen}");
        var members = settled.Answered.SelectMany(p => p.Status!.Members).ToList();
        Assert.True(members.All(_transport.Advertises),
            $"every member must be advertised for {_transport} (peer address {(_transport.PeerPorts ? "tcp://127.0.0.1:{peer-port}" : "its HTTP URL")}); "
            + $"seen: {string.Join(", ", members.Distinct().Select(m => $"{m.Id} url {m.Url} peer {m.Peer ?? "none"}"))}");

        // The health-check endpoints agree with /status: /goose is 200 only on the Goose, /duck the reverse.
        await EndToEnd.EventuallyAsync($"[{_transport}] GET /goose and /duck agree with the roles in /status", async () =>
        {
            var snapshot = await _cluster.ObserveAsync(CancellationToken.None);
            var rows = new List<string>();
            var consistent = snapshot.Geese.Count == 1;
            foreach (var probe in snapshot.Probes)
            {
                var gooseCode = await StatusCodeAsync(probe.Node.Url + "/goose");
                var duckCode = await StatusCodeAsync(probe.Node.Url + "/duck");
                var again = await probe.Node.ProbeAsync(CancellationToken.None);
                rows.Add($"{probe.Node.Name}: /status {probe.Status?.Role}->{again.Status?.Role}, /goose {gooseCode}, /duck {duckCode}");
                var expectGoose = probe.IsGoose && again.IsGoose;
                var expectDuck = probe.IsDuck && again.IsDuck;
                consistent &= (expectGoose && gooseCode == HttpStatusCode.OK && duckCode == HttpStatusCode.ServiceUnavailable)
                              || (expectDuck && gooseCode == HttpStatusCode.ServiceUnavailable && duckCode == HttpStatusCode.OK);
            }

            return (consistent, string.Join("; ", rows));
        }, CancellationToken.None);

        // Join through a Duck when one answers: a Duck passes the request on to the Goose.
        var current = await _cluster.ObserveAsync(CancellationToken.None);
        var via = current.Probes.FirstOrDefault(p => p.IsDuck)?.Node ?? _cluster.Nodes[0];
        var fourth = _cluster.AddNode(NodeSettingsStyle.Environment, via);
        Assert.Equal($"localhost:{via.Port}", fourth.Launch.Join);

        var grown = await _cluster.WaitForAsync(
            $"[{_transport}] {fourth.Name} joined with DUCK_JOIN=localhost:{via.Port} (through {via.Name}) and all 4 report 4 members and one Goose",
            s => s.AgreedGoose(4) is not null,
            EndToEnd.Deadline,
            CancellationToken.None);
        Assert.True(grown.Answered.Count == 4 && grown.Answered.All(p => p.Status!.MemberCount == 4),
            $"[{_transport}] all 4 report 4 members; seen: {grown.Describe()}");
        var fourthMembers = grown[fourth.Name].Status!.Members;
        Assert.True(fourthMembers.Select(m => m.Id).Order().SequenceEqual(grown.Answered.Select(p => p.Status!.Id).Order()),
            $"[{_transport}] the new node's member list names all 4 nodes; seen: {grown.Describe()}");
        Assert.True(fourthMembers.All(_transport.Advertises),
            $"[{_transport}] the new node's member list advertises every member for {_transport}; seen: "
            + string.Join(", ", fourthMembers.Select(m => $"{m.Id} peer {m.Peer ?? "none"}")));
    }

    [Fact]
    public async Task Kill_9_of_the_goose_elects_a_survivor_and_the_restarted_goose_comes_back_as_a_duck()
    {
        var old = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);

        old.Node.Kill();

        var after = await _cluster.WaitForAsync(
            $"[{_transport}] after kill -9 of {old.Node.Name} (the Goose, term {old.Status!.Term}) a survivor is Goose and both survivors agree",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node,
            EndToEnd.Deadline,
            CancellationToken.None);
        var next = after.AgreedGoose(3)!;
        Assert.True(next.Status!.Term > old.Status.Term,
            $"[{_transport}] a new Goose is elected in a later term than {old.Status.Term}; seen: {after.Describe()}");

        // Same port, peer port and data directory as before the kill.
        old.Node.Start();

        var back = await _cluster.WaitForAsync(
            $"[{_transport}] {old.Node.Name} restarted on its data directory answers Duck and names the Goose the others agree on",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node && s[old.Node.Name].IsDuck,
            EndToEnd.Deadline,
            CancellationToken.None);
        var returned = back[old.Node.Name].Status!;
        Assert.True(returned.Id == old.Status.Id,
            $"[{_transport}] the restarted node keeps its id from the data directory ({old.Status.Id}); seen: {back.Describe()}");
        Assert.True(returned.MemberCount == 3, $"[{_transport}] the restarted node keeps its membership; seen: {back.Describe()}");
        Assert.True(returned.Term >= next.Status.Term, $"[{_transport}] the restarted node catches up to the new term; seen: {back.Describe()}");
    }

    private async Task<HttpStatusCode?> StatusCodeAsync(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
