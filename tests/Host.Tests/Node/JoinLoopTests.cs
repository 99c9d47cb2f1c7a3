using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Node;

/// <summary>
/// The join loop against a seed faked with WireMock: it asks through the admin API, retries what may
/// succeed later with a backoff on a fake clock, and slows down on a refusal. (Real joins between real
/// nodes, also through a Duck, are in the end-to-end tests.)
/// </summary>
public sealed class JoinLoopTests : IAsyncDisposable
{
    private static readonly Member B = new("b", "http://b");

    private readonly FakeAdminNode _seed = new();
    private readonly ObservedTimeProvider _time = new();
    private readonly NodeActor _node;

    public JoinLoopTests()
    {
        _node = new NodeActor(
            B,
            new CoreOptions("b", TimeSpan.FromMilliseconds(10), 5, 15),
            DurableState.Empty,
            new FixedElectionTimer(),
            new InMemoryNetwork().CreateTransport(B.Url),
            new MemoryStateStore(),
            new FakeTimeProvider(),
            NullLogger<NodeActor>.Instance);
        _node.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _seed.Dispose();
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private JoinLoop Loop() => new(_node, url => DuckApiClient.Create(url), _time, NullLogger<JoinLoop>.Instance);

    [Fact]
    public async Task The_node_asks_the_seed_to_add_it_through_the_admin_API()
    {
        await Loop().RunAsync(_seed.Url, Deadline());

        var request = Assert.Single(_seed.Requests);
        Assert.Equal(("POST", "/cluster/members"), (request.Method, request.Path));
        Assert.Equal(new AddMemberRequest("b", "http://b"), JsonSerializer.Deserialize(request.Body!, DuckApiJsonContext.Default.AddMemberRequest));
    }

    [Fact]
    public async Task The_node_sends_its_priority_with_its_join()
    {
        await using var node = new NodeActor(
            B with { Priority = 0 },
            new CoreOptions("b", TimeSpan.FromMilliseconds(10), 5, 15),
            DurableState.Empty,
            new FixedElectionTimer(),
            new InMemoryNetwork().CreateTransport(B.Url),
            new MemoryStateStore(),
            new FakeTimeProvider(),
            NullLogger<NodeActor>.Instance);
        node.Start();

        await new JoinLoop(node, url => DuckApiClient.Create(url), _time, NullLogger<JoinLoop>.Instance).RunAsync(_seed.Url, Deadline());

        var request = Assert.Single(_seed.Requests);
        Assert.Equal(new AddMemberRequest("b", "http://b", Priority: 0), JsonSerializer.Deserialize(request.Body!, DuckApiJsonContext.Default.AddMemberRequest));
    }

    [Theory]
    [InlineData(409, ProblemTypes.Busy)]
    [InlineData(503, ProblemTypes.NoGoose)]
    [InlineData(503, ProblemTypes.Unavailable)]
    public async Task A_passing_refusal_is_retried_after_the_initial_backoff_then_after_twice_that(int status, string type)
    {
        _seed.Answer = n => n <= 2 ? FakeAdminNode.Problem(status, type, "not now") : FakeAdminNode.Done(B);
        var join = Loop().RunAsync(_seed.Url, Deadline());

        await _time.WaitForTimerAsync(Deadline());
        _time.Advance(JoinLoop.InitialBackoff - TimeSpan.FromMilliseconds(1));
        Assert.Single(_seed.Requests);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _time.WaitForTimerAsync(Deadline());
        Assert.Equal(2, _seed.Requests.Count);
        _time.Advance((2 * JoinLoop.InitialBackoff) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _seed.Requests.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await join.WaitAsync(Deadline());
        Assert.Equal(3, _seed.Requests.Count);
    }

    [Theory]
    [InlineData(409, ProblemTypes.Rejected)]
    [InlineData(401, ProblemTypes.Unauthorized)]
    [InlineData(400, ProblemTypes.BadRequest)]
    public async Task A_refusal_for_good_is_asked_again_only_slowly(int status, string type)
    {
        _seed.Answer = n => n == 1 ? FakeAdminNode.Problem(status, type, "no") : FakeAdminNode.Done(B);
        var join = Loop().RunAsync(_seed.Url, Deadline());

        await _time.WaitForTimerAsync(Deadline());
        _time.Advance(JoinLoop.MaxBackoff - TimeSpan.FromMilliseconds(1));
        Assert.Single(_seed.Requests);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await join.WaitAsync(Deadline());
        Assert.Equal(2, _seed.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_seed_is_retried_until_it_answers()
    {
        var join = Loop().RunAsync($"127.0.0.1:{FakeAdminNode.UnusedLoopbackPort()}", Deadline());

        await _time.WaitForTimerAsync(Deadline());
        _time.Advance(JoinLoop.InitialBackoff);
        await _time.WaitForTimerAsync(Deadline());

        Assert.False(join.IsCompleted);
    }

    [Fact]
    public async Task A_node_that_already_has_membership_asks_nobody()
    {
        await using var member = new NodeActor(
            B,
            new CoreOptions("b", TimeSpan.FromMilliseconds(10), 5, 15),
            DurableState.Bootstrap(B, "cluster-1"),
            new FixedElectionTimer(),
            new InMemoryNetwork().CreateTransport(B.Url),
            new MemoryStateStore(),
            new FakeTimeProvider(),
            NullLogger<NodeActor>.Instance);

        await new JoinLoop(member, url => DuckApiClient.Create(url), _time, NullLogger<JoinLoop>.Instance).RunAsync(_seed.Url, Deadline());

        Assert.Empty(_seed.Requests);
    }
}
