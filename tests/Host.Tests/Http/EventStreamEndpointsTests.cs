using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DuckDuckGoose.Host.Tests.Http;

/// <summary>
/// <c>GET /events/stream</c> in-process: what a new subscriber gets first, what is pushed on a change and every
/// second, when the stream ends, and what is refused. The node's clock is a fake one that only the test moves,
/// so no periodic snapshot comes unless the test advances it.
/// </summary>
public sealed class EventStreamEndpointsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_new_stream_is_an_event_stream_that_begins_with_status_cluster_and_the_kept_election_events()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var kept = factory.Node.Events.Latest(ElectionEventLog.Capacity);
        await using var stream = await EventStream.OpenAsync(factory, "/events/stream");

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", stream.Response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var status = await stream.NextAsync();
        Assert.Equal(NodeEventStream.StatusEventType, status.EventType);
        Assert.Equal(NodeEventStream.ReconnectAfter, status.ReconnectionInterval);
        var node = JsonSerializer.Deserialize(status.Data, DuckApiJsonContext.Default.NodeStatus)!;
        Assert.Equal(("a", NodeRole.Goose, NodeState.Leader, "a"), (node.Id, node.Role, node.State, node.Goose?.Id));

        var cluster = await stream.NextAsync();
        Assert.Equal(NodeEventStream.ClusterEventType, cluster.EventType);
        var view = JsonSerializer.Deserialize(cluster.Data, DuckApiJsonContext.Default.ClusterView)!;
        Assert.Equal(("a", NodeRole.Goose), (view.NodeId, view.Role));
        Assert.Equal(new ClusterMember("a", "http://127.0.0.1:4001", true, true, 0, view.Members[0].MatchIndex), Assert.Single(view.Members));

        Assert.NotEmpty(kept);
        var replayed = new List<ElectionEvent>();
        foreach (var _ in kept)
        {
            var item = await stream.NextAsync();
            Assert.Equal(NodeEventStream.ElectionEventType, item.EventType);
            replayed.Add(JsonSerializer.Deserialize(item.Data, DuckApiJsonContext.Default.ElectionEvent)!);
        }

        Assert.Equal(kept, replayed);
    }

    [Fact]
    public async Task Every_second_both_snapshots_come_again_and_limit_0_replays_no_election_event()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var openedAt = factory.Time.GetUtcNow();
        await using var stream = await EventStream.OpenAsync(factory, "/events/stream?limit=0");
        Assert.Equal(NodeEventStream.StatusEventType, (await stream.NextAsync()).EventType);
        Assert.Equal(NodeEventStream.ClusterEventType, (await stream.NextAsync()).EventType);

        // In steps, as a real clock moves, so the node's loop keeps up with it.
        for (var elapsed = TimeSpan.Zero; elapsed < NodeEventStream.SnapshotInterval; elapsed += TimeSpan.FromMilliseconds(10))
        {
            factory.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Both snapshots come again: the second's status and cluster. What the node did while the clock moved may
        // come first (a change it published, an election event such as a lease that lapsed while its loop lagged
        // behind the fake clock on a loaded machine), so the two are looked for among the next events rather than
        // taken as the next two. An election event among them must be new: limit=0 replays none from before.
        var seen = new List<(string Type, string Data)>();
        while (!(seen.Any(e => e.Type == NodeEventStream.StatusEventType) && seen.Any(e => e.Type == NodeEventStream.ClusterEventType)))
        {
            var next = await stream.NextAsync();
            seen.Add((next.EventType, next.Data));
            Assert.True(seen.Count <= 12, $"the snapshots did not come again within 12 events: {string.Join(", ", seen.Select(e => e.Type))}");
        }

        Assert.All(
            seen.Where(e => e.Type == NodeEventStream.ElectionEventType).Select(e => JsonSerializer.Deserialize(e.Data, DuckApiJsonContext.Default.ElectionEvent)!),
            e => Assert.True(e.At > openedAt, $"an election event of {e.At:O}, not after the stream opened at {openedAt:O}, was replayed"));
        Assert.Equal("a", JsonSerializer.Deserialize(seen.Last(e => e.Type == NodeEventStream.StatusEventType).Data, DuckApiJsonContext.Default.NodeStatus)!.Id);
        Assert.Equal("a", JsonSerializer.Deserialize(seen.Last(e => e.Type == NodeEventStream.ClusterEventType).Data, DuckApiJsonContext.Default.ClusterView)!.NodeId);
    }

    [Fact]
    public async Task A_hand_over_to_this_node_pushes_the_new_Goose_then_the_election_event_it_starts_without_the_clock_moving()
    {
        // Node "a" follows "b" in term 1; then "b" steps down in a's favour (thesis §3.10): its TimeoutNow starts
        // a's hand-over pre-vote, and b's grant makes two of three, so "a" campaigns at once.
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        var node = factory.Node;
        await using var stream = await EventStream.OpenAsync(factory, "/events/stream?limit=0");
        var first = JsonSerializer.Deserialize((await stream.NextAsync()).Data, DuckApiJsonContext.Default.NodeStatus)!;
        Assert.Equal((NodeState.Follower, 0L, (string?)null), (first.State, first.Term, first.Goose?.Id));
        Assert.Equal(NodeEventStream.ClusterEventType, (await stream.NextAsync()).EventType);

        using var deadline = new CancellationTokenSource(Deadline);
        await node.StepAsync(new AppendRequest("b", 1, 1, 1, 0, [new LogEntry(2, 1, null)], 1, null), deadline.Token);
        var followed = await stream.NextAsync(NodeEventStream.StatusEventType);
        var following = JsonSerializer.Deserialize(followed.Data, DuckApiJsonContext.Default.NodeStatus)!;
        Assert.Equal(("b", 1L), (following.Goose?.Id, following.Term));

        var accepted = await node.StepAsync(new TimeoutNowRequest("b", 1, 2), deadline.Token);
        Assert.Equal(new TimeoutNowResponse("a", 1, true, null), accepted);
        await node.StepAsync(new VoteResponse("b", 2, Granted: true, PreVote: true, Transfer: true), deadline.Token);

        var campaign = await stream.NextAsync(NodeEventStream.ElectionEventType, e => e.Contains("\"state\":\"Candidate\"", StringComparison.Ordinal));
        var entry = JsonSerializer.Deserialize(campaign.Data, DuckApiJsonContext.Default.ElectionEvent)!;
        Assert.Equal((NodeState.Follower, NodeState.Candidate, 2L), (entry.PreviousState, entry.State, entry.Term));
        Assert.Equal(entry, node.Events.Latest(ElectionEventLog.Capacity).Last(e => e.State == NodeState.Candidate));
    }

    [Fact]
    public async Task When_the_client_goes_the_stream_ends_and_unsubscribes()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var events = factory.Node.Events;
        var stream = await EventStream.OpenAsync(factory, "/events/stream");
        await stream.NextAsync();
        Assert.Equal(1, events.Subscribers);

        await stream.DisposeAsync();

        await WaitUntilAsync(() => events.Subscribers == 0, "the stream's subscription to end after the client went");
    }

    [Fact]
    public async Task When_the_host_stops_the_stream_ends_at_once_instead_of_holding_up_the_shutdown()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var events = factory.Node.Events;   // taken now: the stopped host disposes its services
        await using var stream = await EventStream.OpenAsync(factory, "/events/stream?limit=0");
        await stream.NextAsync();
        await stream.NextAsync();

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // The clock stands still, so nothing else is pushed: the next read is the end of the stream.
        Assert.Null(await stream.NextOrEndAsync());
        await WaitUntilAsync(() => events.Subscribers == 0, "the stream's subscription to end with the host");
    }

    [Theory]
    [InlineData("-1", "limit: '-1' must be a whole number between 0 and 256.")]
    [InlineData("257", "limit: '257' must be a whole number between 0 and 256.")]
    [InlineData("many", "limit: 'many' must be a whole number between 0 and 256.")]
    [InlineData("1.5", "limit: '1.5' must be a whole number between 0 and 256.")]
    public async Task A_limit_out_of_range_or_not_a_number_is_refused_with_400_problem_details_and_opens_no_stream(string limit, string detail)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri($"/events/stream?limit={limit}", UriKind.Relative));
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DuckApiJsonContext.Default.ApiProblem);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemTypes.BadRequest, problem?.Type);
        Assert.Contains(detail, problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(0, factory.Node.Events.Subscribers);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4001", true)]     // the node itself
    [InlineData("http://localhost:4001", true)]     // the same loopback port by another name
    [InlineData("http://127.0.0.1:9", true)]        // another member (b and c)
    [InlineData("https://127.0.0.1:4001", false)]   // another scheme
    [InlineData("http://127.0.0.1:4002", false)]    // no member there
    [InlineData("http://evil.example", false)]      // a site elsewhere
    [InlineData("null", false)]                     // an opaque origin
    public async Task A_page_served_by_a_member_may_read_the_stream_from_the_browser_and_no_other(string origin, bool allowed)
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Add("Origin", origin);
        await using var stream = await EventStream.OpenAsync(factory, request);

        var header = stream.Response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        Assert.Equal(allowed ? origin : null, header);
        Assert.Contains("Origin", stream.Response.Headers.Vary);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {Deadline.TotalSeconds} s waiting for {what}.");
            }
        }
    }

    /// <summary>An open stream read item by item, each read bounded by <see cref="Deadline"/>.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpClient _client;
        private readonly IAsyncEnumerator<SseItem<string>> _items;

        private EventStream(HttpClient client, HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items)
        {
            _client = client;
            Response = response;
            _items = items;
        }

        public HttpResponseMessage Response { get; }

        public static Task<EventStream> OpenAsync(NodeFactory factory, string path) =>
            OpenAsync(factory, new HttpRequestMessage(HttpMethod.Get, path));

        public static async Task<EventStream> OpenAsync(NodeFactory factory, HttpRequestMessage request)
        {
            var client = factory.CreateClient();
            using var deadline = new CancellationTokenSource(Deadline);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            return new EventStream(client, response, SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator());
        }

        public async Task<SseItem<string>> NextAsync() =>
            await NextOrEndAsync() ?? throw new Xunit.Sdk.XunitException("The stream ended; an event was expected.");

        /// <summary>The next event of <paramref name="type"/> whose data matches, skipping others.</summary>
        public async Task<SseItem<string>> NextAsync(string type, Func<string, bool>? matches = null)
        {
            var skipped = new List<string>();
            while (true)
            {
                var item = await NextAsync();
                if (item.EventType == type && (matches is null || matches(item.Data)))
                {
                    return item;
                }

                skipped.Add(item.EventType);
                Assert.True(skipped.Count < 100, $"No matching '{type}' event among the next 100: {string.Join(", ", skipped)}.");
            }
        }

        /// <summary>The next event, or null at the end of the stream.</summary>
        public async Task<SseItem<string>?> NextOrEndAsync()
        {
            var next = _items.MoveNextAsync().AsTask();
            var done = await Task.WhenAny(next, Task.Delay(Deadline));
            Assert.True(done == next, $"No event and no end of the stream within {Deadline.TotalSeconds} s.");
            return await next ? _items.Current : null;
        }

        public async ValueTask DisposeAsync()
        {
            Response.Dispose();
            _client.Dispose();
            try
            {
                await _items.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
            {
                // The body was torn down under the parser, or a read timed out and is still pending.
            }
        }
    }
}
