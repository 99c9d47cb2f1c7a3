using System.Net;
using System.Text;
using System.Text.Json;
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

    /// <summary>How long the intruders are watched: the figure.</summary>
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(30);

    private readonly ClusterTransport _transport;
    private readonly ProcessCluster _cluster;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

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
        var first = await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);
        var stable = await _cluster.WaitForStableGooseAsync($"[{_transport}] 3 nodes with the secret", 3, TimeSpan.FromSeconds(1), EndToEnd.Deadline, CancellationToken.None);
        var goose = stable.Status!;
        var duckProbe = (await _cluster.ObserveAsync(CancellationToken.None)).Probes.First(p => p.IsDuck);
        var duck = duckProbe.Node;

        // Intruders: one with another secret joining through a Duck, one with none joining through the Goose.
        var wrong = _cluster.AddNode(NodeSettingsStyle.Environment, duck, environment: new Dictionary<string, string> { ["DUCK_CLUSTER_SECRET"] = "a-wrong-cluster-secret-of-32-bytes-or-more" });
        var none = _cluster.AddNode(NodeSettingsStyle.Environment, stable.Node, environment: new Dictionary<string, string> { ["DUCK_CLUSTER_SECRET"] = string.Empty });

        // And a forger: a vote request with a much higher term from a member's id, unsigned.
        var forged = new VoteRequest(duckProbe.Status!.Id, goose.Term + 100, 1_000, goose.Term + 100, PreVote: false, Transfer: false) { Cluster = goose.ClusterId };
        using var sent = await _http.PostAsync(
            stable.Node.Url + "/raft/message",
            new StringContent(JsonSerializer.Serialize<PeerMessage>(forged, PeerJsonContext.Default.PeerMessage), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, sent.StatusCode);

        var watchEnds = DateTime.UtcNow + Watch;
        while (DateTime.UtcNow < watchEnds)
        {
            var seen = await _cluster.ObserveAsync(CancellationToken.None);
            var members = seen.Probes.Where(p => p.Node != wrong && p.Node != none).ToList();
            Assert.True(
                members.All(p => p.Status is { } s && s.Term == goose.Term && s.Goose?.Id == goose.Id && s.MemberCount == 3),
                $"[{_transport}] for {Watch.TotalSeconds:0} s with two intruders the 3 members keep term {goose.Term}, Goose {goose.Id} and 3 members; seen: {seen.Describe()}");
            await Task.Delay(200);
        }

        Assert.Contains("did not prove the cluster secret", File.ReadAllText(wrong.LogPath), StringComparison.Ordinal);
        Assert.Contains("holds no cluster secret", File.ReadAllText(none.LogPath), StringComparison.Ordinal);
        await wrong.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await none.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        // With the secret the cluster still fails over.
        stable.Node.Kill();
        await _cluster.WaitForAsync(
            $"[{_transport}] after kill -9 of the Goose {stable.Node.Name} a survivor with the secret is Goose",
            s => s.Geese.Count == 1 && s.Geese[0].Node != stable.Node && s.Geese[0].Status!.Term > goose.Term,
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
