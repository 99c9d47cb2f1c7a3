using System.Net;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Real node processes on loopback: start as the README says, kill -9 the Goose, restart it on its data
/// directory, and grow the cluster with DUCK_JOIN. Every wait names its phase and, on timeout, what each
/// node reported and the tail of its log.
/// </summary>
public sealed class ClusterLifecycleTests : IAsyncLifetime
{
    private readonly ProcessCluster _cluster = EndToEnd.NewCluster();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Three_nodes_started_as_the_readme_says_agree_on_exactly_one_goose()
    {
        // DUCK_PORT=P1; then DUCK_PORT=P2 DUCK_JOIN=localhost:P1 and DUCK_PORT=P3 DUCK_JOIN=localhost:P1.
        await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);

        var settled = await _cluster.WaitForAsync(
            "3 nodes report 3 members and agree on one Goose",
            s => s.AgreedGoose(3) is not null,
            EndToEnd.Deadline,
            CancellationToken.None);

        var goose = Assert.Single(settled.Geese);
        var seen = settled.Describe();
        Assert.True(goose.Status!.State == NodeState.Leader, $"the Goose must be the Raft leader; seen: {seen}");
        Assert.True(settled.Answered.Count == 3, $"all 3 nodes must answer; seen: {seen}");
        Assert.True(settled.Answered.All(p => p.Status!.Goose == new Member(goose.Status.Id, goose.Status.Url)),
            $"all 3 must name the same Goose id and URL; seen: {seen}");
        Assert.True(settled.Answered.Count(p => p.IsDuck) == 2, $"the other two must report Duck; seen: {seen}");
        Assert.True(settled.Answered.Select(p => p.Status!.Id).Distinct().Count() == 3, $"node ids must differ; seen: {seen}");

        // The health-check endpoints agree with /status: /goose is 200 only on the Goose, /duck the reverse.
        await EndToEnd.EventuallyAsync("GET /goose and /duck agree with the roles in /status", async () =>
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
    }

    [Fact]
    public async Task Kill_9_of_the_goose_lets_a_survivor_become_goose()
    {
        var old = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);

        old.Node.Kill();

        var after = await _cluster.WaitForAsync(
            $"after kill -9 of {old.Node.Name} (the Goose, term {old.Status!.Term}) a survivor is Goose and both survivors agree",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node,
            EndToEnd.Deadline,
            CancellationToken.None);
        var next = after.AgreedGoose(3)!;
        Assert.True(next.Status!.Term > old.Status.Term,
            $"a new Goose is elected in a later term than {old.Status.Term}; seen: {after.Describe()}");
    }

    [Fact]
    public async Task Restarted_goose_comes_back_as_a_duck_and_sees_the_new_goose()
    {
        var old = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);
        old.Node.Kill();
        var next = (await _cluster.WaitForAsync(
            $"after kill -9 of {old.Node.Name} (the Goose) a survivor is Goose",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node,
            EndToEnd.Deadline,
            CancellationToken.None)).AgreedGoose(3)!;

        old.Node.Start();

        var back = await _cluster.WaitForAsync(
            $"{old.Node.Name} restarted on its data directory answers Duck and names the Goose the others agree on",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node && s[old.Node.Name].IsDuck,
            EndToEnd.Deadline,
            CancellationToken.None);
        var returned = back[old.Node.Name].Status!;
        Assert.True(returned.Id == old.Status!.Id,
            $"the restarted node keeps its id from the data directory ({old.Status.Id}); seen: {back.Describe()}");
        Assert.True(returned.MemberCount == 3, $"the restarted node keeps its membership; seen: {back.Describe()}");
        Assert.True(returned.Term >= next.Status!.Term, $"the restarted node catches up to the new term; seen: {back.Describe()}");
    }

    [Fact]
    public async Task Fourth_node_joins_with_the_DUCK_JOIN_environment_variable()
    {
        await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);
        var settled = await _cluster.ObserveAsync(CancellationToken.None);
        // Join through a Duck when one answers: a Duck passes the request on to the Goose.
        var via = settled.Probes.FirstOrDefault(p => p.IsDuck)?.Node ?? _cluster.Nodes[0];

        var fourth = _cluster.AddNode(NodeSettingsStyle.Environment, via);
        Assert.Equal($"localhost:{via.Port}", fourth.Launch.Join);

        var grown = await _cluster.WaitForAsync(
            $"{fourth.Name} joined with DUCK_JOIN=localhost:{via.Port} (through {via.Name}) and all 4 report 4 members and one Goose",
            s => s.AgreedGoose(4) is not null,
            EndToEnd.Deadline,
            CancellationToken.None);
        Assert.True(grown.Answered.Count == 4 && grown.Answered.All(p => p.Status!.MemberCount == 4),
            $"all 4 report 4 members; seen: {grown.Describe()}");
        Assert.True(grown[fourth.Name].Status!.Members.Select(m => m.Id).Order().SequenceEqual(grown.Answered.Select(p => p.Status!.Id).Order()),
            $"the new node's member list names all 4 nodes; seen: {grown.Describe()}");
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
