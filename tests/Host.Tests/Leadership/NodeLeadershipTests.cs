using System.Threading.Channels;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Leadership;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Leadership;

public sealed class NodeLeadershipTests : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly Member A = new("a", "http://a");
    private static readonly Member B = new("b", "http://b");
    private static readonly Member C = new("c", "http://c");

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryNetwork _network = new();
    private readonly MemoryStateStore _store = new();
    private readonly InMemoryTransport _transport;
    private readonly NodeActor _node;
    private readonly NodeLeadership _leadership;
    private readonly Channel<RoleChangedEventArgs> _events = Channel.CreateUnbounded<RoleChangedEventArgs>();

    public NodeLeadershipTests()
    {
        // B and C answer heartbeats, so a proposal to add one reaches a save that the test can hold.
        _transport = _network.CreateTransport(A.Url);
        _transport.Responder = (to, message) => message is AppendRequest append
            ? new AppendResponse(to.Id, append.Term, append.Round, Success: true, append.PrevLogIndex + append.Entries.Count)
            : null;
        _node = new NodeActor(
            A,
            new CoreOptions(A.Id, Tick, HeartbeatTicks: 5, ElectionTimeoutTicks: 15),
            DurableState.Bootstrap(A, "cluster-1"),
            new FixedElectionTimer(),
            _transport,
            _store,
            _time,
            NullLogger<NodeActor>.Instance,
            new Random(7));
        _leadership = new NodeLeadership(_node, _time, NullLogger<NodeLeadership>.Instance);
        _leadership.RoleChanged += (_, change) => _events.Writer.TryWrite(change);
    }

    public async ValueTask DisposeAsync()
    {
        _store.Release();
        await _leadership.DisposeAsync();
        await _node.DisposeAsync();
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private async Task StartAsync()
    {
        _node.Start();
        await _leadership.StartAsync(Deadline());
    }

    private async Task<GooseLease> BecomeGooseAsync()
    {
        for (var i = 0; i < 40 && !_node.IsGoose; i++)
        {
            _time.Advance(Tick);
        }

        await _node.WaitForGooseAsync(Deadline());
        return await _leadership.WhenGooseAsync(Deadline());
    }

    private async Task<RoleChangedEventArgs> NextEventAsync()
    {
        try
        {
            return await _events.Reader.ReadAsync(Deadline());
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No role event within 20 s; role now {_leadership.Role}, state {_node.Snapshot.Status.State}, term {_leadership.Term}.");
        }
    }

    private static async Task CancelledAsync(CancellationToken token, string phase)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.Register(() => cancelled.TrySetResult());
        try
        {
            await cancelled.Task.WaitAsync(Deadline());
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The leadership token was not cancelled within 20 s ({phase}).");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The leadership token was not cancelled within 20 s ({phase}).");
        }
    }

    [Fact]
    public async Task WhenGooseAsync_completes_with_the_term_once_the_node_becomes_Goose()
    {
        await StartAsync();
        var waiting = _leadership.WhenGooseAsync(Deadline());
        Assert.False(waiting.IsCompleted, "a Duck has no leadership token");

        var lease = await BecomeGooseAsync();

        Assert.Same(lease, await waiting);
        Assert.Equal(1, lease.Term);
        Assert.False(lease.Token.IsCancellationRequested);
        var change = await NextEventAsync();
        Assert.Equal((NodeRole.Goose, NodeRole.Duck, 1L, A), (change.Role, change.PreviousRole, change.Term, change.Goose));
    }

    [Fact]
    public async Task The_token_is_cancelled_at_lease_expiry_while_the_actor_is_stalled()
    {
        await StartAsync();
        var lease = await BecomeGooseAsync();

        // A Goose with another voter (a sole voter's lease never runs out: nobody else can be elected).
        await _node.ProposeAsync(MembershipChange.Add, B, Deadline());

        // The actor stalls inside a save (a stuck disk) and publishes nothing more.
        _store.Block();
        _ = _node.ProposeAsync(MembershipChange.Add, C, Deadline());
        await _store.BlockedSaveStarted.WaitAsync(Deadline());
        var stalled = _node.Snapshot;
        await _leadership.WaitObservedAsync(s => s.LeaseExpiresAt == stalled.LeaseExpiresAt && s.Status.Term == stalled.Status.Term, Deadline());
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), stalled.LeaseExpiresAt);
        Assert.True(remaining > TimeSpan.FromMilliseconds(1), $"the lease should still hold for a while, but {remaining} remain");

        _time.Advance(remaining - TimeSpan.FromMilliseconds(1));
        Assert.False(lease.Token.IsCancellationRequested, "cancelled before the lease ran out");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(lease.Token.IsCancellationRequested, "not cancelled the moment the lease ran out");
        Assert.Same(stalled, _node.Snapshot);
        Assert.Equal(NodeRole.Duck, _leadership.Role);

        Assert.Equal(NodeRole.Goose, (await NextEventAsync()).Role);
        var change = await NextEventAsync();
        Assert.Equal((NodeRole.Duck, NodeRole.Goose, 1L), (change.Role, change.PreviousRole, change.Term));
    }

    [Fact]
    public async Task The_token_is_cancelled_when_the_core_steps_down_and_a_new_tenure_gets_a_new_token()
    {
        await StartAsync();
        var first = await BecomeGooseAsync();

        // A Goose of a higher term makes this node a Follower at once (Raft §5.1), with no time passing.
        await _node.StepAsync(new AppendRequest("b", 5, 1, 0, 0, [], 0, null), Deadline());
        await CancelledAsync(first.Token, "after the step-down to a Follower");
        Assert.Equal(NodeRole.Duck, _leadership.Role);

        // The watcher must see the Follower before time moves on: a watcher that next sees the node already
        // Goose of term 6 reports one Goose-to-Goose change instead (a new tenure, see RoleChangedEventArgs),
        // which is what a loaded CI machine once showed here.
        var changes = new List<RoleChangedEventArgs> { await NextEventAsync(), await NextEventAsync() };

        // B is gone; a lone voter elects itself again after its election timeout.
        var second = await BecomeGooseAsync();
        changes.Add(await NextEventAsync());

        Assert.Equal(6, second.Term);
        Assert.False(second.Token.IsCancellationRequested);
        Assert.True(first.Token.IsCancellationRequested);
        Assert.Equal(
            [(NodeRole.Goose, NodeRole.Duck, 1L), (NodeRole.Duck, NodeRole.Goose, 5L), (NodeRole.Goose, NodeRole.Duck, 6L)],
            changes.Select(c => (c.Role, c.PreviousRole, c.Term)));
        Assert.All(changes.Where(c => c.Role == NodeRole.Goose), c => Assert.Equal(A, c.Goose));
    }

    [Fact]
    public async Task Events_are_raised_in_order_and_a_failing_handler_does_not_stop_them()
    {
        _leadership.RoleChanged += (_, _) => throw new InvalidOperationException("a handler bug");
        await StartAsync();

        await BecomeGooseAsync();
        await _node.StepAsync(new AppendRequest("b", 5, 1, 0, 0, [], 0, null), Deadline());

        Assert.Equal(NodeRole.Goose, (await NextEventAsync()).Role);
        Assert.Equal(NodeRole.Duck, (await NextEventAsync()).Role);
    }

    [Fact]
    public async Task Stopping_cancels_the_token_and_fails_those_waiting_for_a_tenure()
    {
        await StartAsync();
        var lease = await BecomeGooseAsync();

        await _leadership.StopAsync(Deadline());

        await CancelledAsync(lease.Token, "after the leadership service stopped");
        await Assert.ThrowsAsync<NodeUnavailableException>(() => _leadership.WhenGooseAsync(Deadline()));
    }

    [Fact]
    public async Task The_token_is_cancelled_before_a_hand_overs_TimeoutNow_leaves()
    {
        // A job run under the token must have been told before the target can start its election, or the
        // two Geese's jobs could overlap.
        bool? cancelledAtSend = null;
        GooseLease? lease = null;
        _transport.Responder = (to, message) => message switch
        {
            AppendRequest append => new AppendResponse(to.Id, append.Term, append.Round, Success: true, append.PrevLogIndex + append.Entries.Count),
            TimeoutNowRequest now => Record(now),
            _ => null,
        };
        await StartAsync();
        lease = await BecomeGooseAsync();
        var added = _node.ProposeAsync(MembershipChange.Add, B, Deadline());
        for (var i = 0; i < 100 && !added.IsCompleted; i++)
        {
            _time.Advance(Tick);
            await Task.Delay(1);
        }

        Assert.Equal(MembershipOutcome.Done, (await added).Outcome);
        Assert.False(lease.Token.IsCancellationRequested);

        _ = _node.TransferAsync(B.Id, Deadline());
        for (var i = 0; i < 100 && cancelledAtSend is null; i++)
        {
            _time.Advance(Tick);
            await Task.Delay(1);
        }

        Assert.True(cancelledAtSend, "the TimeoutNow left while the leadership token was still live");

        PeerMessage Record(TimeoutNowRequest now)
        {
            cancelledAtSend ??= lease!.Token.IsCancellationRequested;
            return new TimeoutNowResponse(B.Id, now.Term + 1, Accepted: true, Reason: null);
        }
    }
}
