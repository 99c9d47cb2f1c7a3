using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Metrics;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Host.Tests.Metrics;

/// <summary>The node's own series on <c>GET /metrics</c>, scraped from in-process nodes and checked against what they did.</summary>
public sealed class NodeMetricsTests : IDisposable
{
    private static readonly Member A = new("a", "http://127.0.0.1:4001");
    private static readonly Member B = new("b", "http://127.0.0.1:4002");
    private static readonly Member C = new("c", "http://127.0.0.1:4003");

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    /// <summary>Scrapes until <paramref name="condition"/> holds; fails with the last scrape's samples of <paramref name="name"/>.</summary>
    private static async Task<PrometheusText> ScrapeUntilAsync(HttpClient client, string name, Func<PrometheusText, bool> condition)
    {
        var deadline = Deadline();
        while (true)
        {
            var scrape = await PrometheusText.ScrapeAsync(client);
            if (condition(scrape))
            {
                return scrape;
            }

            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Waited 20 s for {name}; last scrape: {string.Join(", ", scrape.Find(name))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    /// <summary>
    /// Node "a" of a, b and c in term 0 on an in-memory transport: b grants every vote and acknowledges every
    /// heartbeat, c never answers. Its clock is moved on until it has won with b.
    /// </summary>
    private async Task<NodeFactory> StartGooseWithPeersAsync()
    {
        NodeIdFile.LoadOrCreate(_data.Path, A.Id);
        await new FileStateStore(_data.Path).SaveAsync(new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []), CancellationToken.None);
        var transport = new InMemoryNetwork().CreateTransport(A.Url);
        transport.Responder = (to, message) => (to.Id, message) switch
        {
            ("b", VoteRequest vote) => new VoteResponse("b", vote.Term, Granted: true, vote.PreVote),
            ("b", AppendRequest append) => new AppendResponse("b", append.Term, append.Round, Success: true, append.PrevLogIndex + append.Entries.Count),
            _ => null,
        };
        var settings = NodeFixtures.Settings(_data.Path);
        settings["transport"] = transport.Name;
        var factory = new NodeFactory(settings, services => services.AddSingleton<ITransport>(transport));
        var node = factory.Node;

        // One 10 ms step at a time, the next only once the loop has handled the last (a query through its
        // inbox): b's answers are then handled at the time they came. Moved in one burst, the clock could outrun
        // the loop: answers posted 200 ms of fake time after their round look late, check-quorum (Raft thesis
        // §6.2) deposes the new Goose, and with the clock standing still after the burst it never stands again.
        for (var i = 0; i < 100 && !node.IsGoose; i++)
        {
            factory.Time.Advance(TimeSpan.FromMilliseconds(10));
            await node.GetClusterAsync(Deadline());
        }

        await node.WaitForGooseAsync(Deadline());
        return factory;
    }

    [Fact]
    public async Task A_Goose_of_one_reports_itself_its_term_its_election_and_its_lease()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();
        var status = await DuckApiClient.Create(client).GetStatusAsync();

        var scrape = await PrometheusText.ScrapeAsync(client);

        Assert.Equal(NodeRole.Goose, status.Role);
        Assert.Equal(1, scrape.Value("duckduckgoose_is_goose"));
        Assert.Equal(status.Term, scrape.Value("duckduckgoose_term"));
        Assert.Equal(1, scrape.Value("duckduckgoose_members", ("voter", "true")));
        Assert.Equal(0, scrape.Value("duckduckgoose_members", ("voter", "false")));
        Assert.Equal(1, scrape.Value("duckduckgoose_goose_changes_total"));
        Assert.Equal(1, scrape.Value("duckduckgoose_elections_total", ("result", "won")));
        Assert.Equal(0, scrape.Value("duckduckgoose_elections_total", ("result", "lost")));
        Assert.Equal(0, scrape.Value("duckduckgoose_elections_total", ("result", "timed_out")));

        // The only voter: nobody else can be elected while it leads, so its lease waits for no round.
        Assert.Equal(double.PositiveInfinity, scrape.Value("duckduckgoose_lease_remaining_seconds"));
    }

    [Fact]
    public async Task A_Duck_that_knows_no_Goose_reports_zeros_and_its_configuration()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        var scrape = await PrometheusText.ScrapeAsync(client);

        Assert.Equal(0, scrape.Value("duckduckgoose_is_goose"));
        Assert.Equal(0, scrape.Value("duckduckgoose_term"));
        Assert.Equal(3, scrape.Value("duckduckgoose_members", ("voter", "true")));
        Assert.Equal(0, scrape.Value("duckduckgoose_goose_changes_total"));
        Assert.Equal(0, scrape.Value("duckduckgoose_lease_remaining_seconds"));
        Assert.All(scrape.Find("duckduckgoose_elections_total"), s => Assert.Equal(0, s.Value));
        Assert.Equal(3, scrape.Find("duckduckgoose_elections_total").Count);
    }

    [Fact]
    public async Task Round_trips_are_a_histogram_per_peer_and_an_unreachable_peer_counts_send_failures()
    {
        using var factory = await StartGooseWithPeersAsync();
        using var client = factory.CreateClient();

        var scrape = await ScrapeUntilAsync(client, "duckduckgoose_peer_send_failures_total", s => s.Find("duckduckgoose_peer_send_failures_total", ("peer", "c")).Count == 1);

        Assert.Equal("histogram", scrape.Types["duckduckgoose_peer_round_trip_seconds"]);
        var buckets = scrape.Find("duckduckgoose_peer_round_trip_seconds_bucket", ("peer", "b"));
        Assert.Equal([.. NodeMetrics.RoundTripBuckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), "+Inf"], buckets.Select(b => b.Labels["le"]));
        var count = scrape.Value("duckduckgoose_peer_round_trip_seconds_count", ("peer", "b"));
        Assert.True(count >= 3, $"b answered two vote requests and a heartbeat at least, but the count is {count}");
        Assert.Equal(count, buckets[^1].Value);
        Assert.Empty(scrape.Find("duckduckgoose_peer_round_trip_seconds_count", ("peer", "c")));
        Assert.True(scrape.Value("duckduckgoose_peer_send_failures_total", ("peer", "c")) >= 1);
        Assert.Empty(scrape.Find("duckduckgoose_peer_send_failures_total", ("peer", "b")));
        Assert.Equal(3, scrape.Value("duckduckgoose_members", ("voter", "true")));
    }

    [Fact]
    public async Task A_Goose_of_a_later_term_counts_as_a_Goose_change_and_moves_the_term()
    {
        using var factory = await StartGooseWithPeersAsync();
        using var client = factory.CreateClient();
        var before = await PrometheusText.ScrapeAsync(client);

        // b's heartbeat for term 5: a steps down and follows b (Raft §5.1: a later term demotes).
        await factory.Node.StepAsync(new AppendRequest("b", 5, 1, 0, 0, [], 0, null), Deadline());
        var after = await PrometheusText.ScrapeAsync(client);

        Assert.Equal((1, 1, 1), (before.Value("duckduckgoose_is_goose"), before.Value("duckduckgoose_goose_changes_total"), before.Value("duckduckgoose_elections_total", ("result", "won"))));
        Assert.Equal(0, after.Value("duckduckgoose_is_goose"));
        Assert.Equal(5, after.Value("duckduckgoose_term"));
        Assert.Equal(2, after.Value("duckduckgoose_goose_changes_total"));
        Assert.Equal(0, after.Value("duckduckgoose_lease_remaining_seconds"));
        Assert.Equal(factory.Node.GetStatus().Term, after.Value("duckduckgoose_term"));
    }

    [Fact]
    public async Task Hook_runs_and_failures_are_counted_by_hook_and_reason()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("on-goose", "exit 0"), ("on-duck", "exit 3"));
        var runner = factory.Services.GetRequiredService<RoleHookRunner>();
        var hooks = await runner.WaitForStatusAsync(s => s.Converged && s.AppliedRole == NodeRole.Goose, Deadline());

        var scrape = await PrometheusText.ScrapeAsync(factory.CreateClient());

        var runs = scrape.Find("duckduckgoose_hook_runs_total").Sum(s => s.Value);
        var failures = scrape.Find("duckduckgoose_hook_failures_total").Sum(s => s.Value);
        Assert.Equal((hooks.Runs, hooks.Failures), ((long)runs, (long)failures));
        Assert.True(scrape.Value("duckduckgoose_hook_runs_total", ("hook", "on-goose")) >= 1);
        Assert.True(scrape.Value("duckduckgoose_hook_failures_total", ("hook", "on-duck"), ("reason", "exit_code")) >= 1);
        Assert.Empty(scrape.Find("duckduckgoose_hook_failures_total", ("hook", "on-goose")));
    }
}
