using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Cli.Watch;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Tests.Watch;

/// <summary>Where the watcher reads the member list when the Goose or the node it was given dies.</summary>
public sealed class ClusterWatcherTests : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly FakeCluster _cluster = new();
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        _cluster.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_dead_Goose_leaves_the_Duck_s_view_without_last_heard()
    {
        var watcher = Watcher(_cluster.Duck.Url);
        var first = await watcher.ReadAsync(CancellationToken.None);
        _cluster.Goose.Dispose();

        var second = await watcher.ReadAsync(CancellationToken.None);

        Assert.Equal((_cluster.Goose.Url, NodeRole.Goose), (first.Source, first.SourceRole));
        Assert.Equal((_cluster.Duck.Url, NodeRole.Duck), (second.Source, second.SourceRole));
        Assert.All(second.Members, m => Assert.Null(m.LastHeardMs));
        Assert.True(second.Members[1] is { Id: "b", Status: null, Error: not null }, $"the dead Goose shows no status: {second.Members[1]}");
    }

    [Fact]
    public async Task When_the_node_it_was_given_dies_it_asks_the_members_it_listed()
    {
        var watcher = Watcher(_cluster.Goose.Url);
        await watcher.ReadAsync(CancellationToken.None);
        _cluster.Goose.Dispose();

        var after = await watcher.ReadAsync(CancellationToken.None);

        Assert.Null(after.Error);
        Assert.Equal(_cluster.Duck.Url, after.Source);
        Assert.Equal(["a", "b", "c"], after.Members.Select(m => m.Id));
    }

    [Fact]
    public async Task With_no_member_answering_it_says_which_urls_it_tried()
    {
        var watcher = Watcher(_cluster.DeadUrl);

        var snapshot = await watcher.ReadAsync(CancellationToken.None);

        Assert.Equal($"no answer to GET /cluster from {_cluster.DeadUrl}", snapshot.Error);
        Assert.Empty(snapshot.Members);
    }

    private ClusterWatcher Watcher(string seed) =>
        new(new Uri(seed), url =>
        {
            var client = new HttpClient { BaseAddress = url, Timeout = RequestTimeout };
            _clients.Add(client);
            return DuckApiClient.Create(client);
        }, RequestTimeout);
}
