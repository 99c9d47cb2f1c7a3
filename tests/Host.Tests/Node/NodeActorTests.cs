using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class NodeActorTests : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    // Heartbeat 5 ticks, minimum election timeout 15 ticks: lease = 150 - 20 - 15 = 115 ms.
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(115);

    private static readonly Member A = new("a", "http://a");
    private static readonly Member B = new("b", "http://b");
    private static readonly Member C = new("c", "http://c");

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryNetwork _network = new();
    private readonly List<NodeActor> _nodes = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private NodeActor Start(Member self, DurableState state, ITransport transport, IDurableStateStore store, double timerFactor = 1)
    {
        var node = new NodeActor(
            self,
            new CoreOptions(self.Id, Tick, HeartbeatTicks: 5, ElectionTimeoutTicks: 15),
            state,
            new FixedElectionTimer(timerFactor),
            transport,
            store,
            _time,
            NullLogger<NodeActor>.Instance,
            new Random(7));
        _nodes.Add(node);
        node.Start();
        return node;
    }

    /// <summary>B, a member of A, B and C in term 0, whose peers never answer: it only hears what a test steps into it.</summary>
    private (NodeActor Node, InMemoryTransport Transport) StartFollowerB(IDurableStateStore store)
    {
        var transport = _network.CreateTransport(B.Url);
        transport.Responder = (_, _) => null;
        return (Start(B, new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []), transport, store), transport);
    }

    /// <summary>
    /// Waits until the loop has handled every input before this call, and armed its wake-up for them: a
    /// stale vote request is answered only after them, and, changing nothing, re-arms nothing.
    /// </summary>
    private static Task SettledAsync(NodeActor node) =>
        node.StepAsync(new VoteRequest("c", 0, 1, 0, PreVote: false), Deadline());

    /// <summary>
    /// Waits until <paramref name="transport"/> has sent a message matching <paramref name="match"/>: the loop
    /// publishes a step's state before it hands the step's messages to the transport, so a waiter woken by the
    /// state may look before they are sent.
    /// </summary>
    private static async Task SentAsync(InMemoryTransport transport, Func<(Member To, PeerMessage Message), bool> match)
    {
        var deadline = Deadline();
        while (!transport.Sent.Any(match))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), deadline);
        }
    }

    private void AdvanceTicks(int ticks)
    {
        for (var i = 0; i < ticks; i++)
        {
            _time.Advance(Tick);
        }
    }

    private async Task<NodeActor> StartGooseAsync(MemoryStateStore store, InMemoryTransport? transport = null)
    {
        var node = Start(A, DurableState.Bootstrap(A, "cluster-1"), transport ?? _network.CreateTransport(A.Url), store);
        AdvanceTicks(20);
        await node.WaitForGooseAsync(Deadline());
        return node;
    }

    [Fact]
    public async Task A_new_node_is_a_Duck_until_it_has_won_an_election()
    {
        var node = Start(A, DurableState.Bootstrap(A, "cluster-1"), _network.CreateTransport(A.Url), new MemoryStateStore());

        var status = node.GetStatus();

        Assert.Equal((NodeRole.Duck, NodeState.Follower, 0L, 1), (status.Role, status.State, status.Term, status.MemberCount));
        Assert.Null(status.Goose);
    }

    [Fact]
    public async Task A_bootstrapped_single_node_becomes_Goose_after_its_election_timeout()
    {
        var store = new MemoryStateStore();

        var node = await StartGooseAsync(store);

        var status = node.GetStatus();
        Assert.Equal((NodeRole.Goose, NodeState.Leader, 1L), (status.Role, status.State, status.Term));
        Assert.Equal(A, status.Goose);
        Assert.Equal([A], status.Members);

        // Raft §5.2: the new term and the self-vote were saved.
        Assert.Contains(store.Saved, s => s.Term == 1 && s.VotedFor == "a");
    }

    [Fact]
    public async Task A_Goose_keeps_its_lease_while_it_keeps_ticking()
    {
        var node = await StartGooseAsync(new MemoryStateStore());
        var rounds = node.Snapshot;

        AdvanceTicks(50);
        var later = await node.WaitForAsync(s => s.LeaseExpiresAt > rounds.LeaseExpiresAt + Lease.Ticks, Deadline());

        Assert.True(node.IsGoose);
        Assert.Equal(NodeState.Leader, later.Status.State);
    }

    [Fact]
    public async Task A_Goose_of_one_sends_nothing_for_an_hour_without_input_and_stays_Goose()
    {
        // The only voter: nobody else can be elected while it leads, so its lease waits for no round, and
        // with nobody to write to it has nothing to do until something arrives.
        var transport = _network.CreateTransport(A.Url);
        var wroteToB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Responder = (to, _) =>
        {
            if (to.Id == B.Id)
            {
                wroteToB.TrySetResult();
            }

            return null;
        };
        var node = await StartGooseAsync(new MemoryStateStore(), transport);
        var sent = transport.Sent.Count;

        for (var minute = 0; minute < 60; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(node.IsGoose, $"not the Goose after {minute + 1} min");
        }

        Assert.Equal(LeaderLease.Unbounded, node.Snapshot.LeaseExpiresAt);
        Assert.Equal(sent, transport.Sent.Count);

        // A node that joins after that hour is written to at once.
        _ = node.ProposeAsync(MembershipChange.Add, B, Deadline());
        await wroteToB.Task.WaitAsync(Deadline());
        Assert.True(node.IsGoose);
    }

    [Fact]
    public async Task A_Goose_stalled_in_a_blocked_save_reports_Duck_once_its_lease_runs_out()
    {
        // etcd issue 13527: a leader whose disk stalled kept claiming leadership. Here the actor is stuck
        // inside a save, publishes nothing, and the role is still computed from the lease when read.
        var store = new MemoryStateStore();

        // B and C answer every heartbeat, so each catches up as a learner and its configuration entry is saved.
        var transport = _network.CreateTransport(A.Url);
        transport.Responder = (to, message) => message is AppendRequest append
            ? new AppendResponse(to.Id, append.Term, append.Round, Success: true, append.PrevLogIndex + append.Entries.Count)
            : null;
        var node = await StartGooseAsync(store, transport);

        // A Goose with another voter: a sole voter's lease never runs out (nobody else can be elected).
        await node.ProposeAsync(MembershipChange.Add, B, Deadline());
        store.Block();

        var proposal = node.ProposeAsync(MembershipChange.Add, C, Deadline());
        await store.BlockedSaveStarted.WaitAsync(Deadline());
        Assert.True(node.IsGoose, "the lease still holds just after the stall began");

        _time.Advance(Lease);

        var status = node.GetStatus();
        Assert.Equal(NodeState.Leader, status.State);
        Assert.Equal(NodeRole.Duck, status.Role);
        Assert.Null(status.Goose);
        Assert.False(proposal.IsCompleted);

        store.Release();
    }

    [Fact]
    public async Task Ticks_that_elapsed_before_a_heartbeat_are_counted_before_it_not_after()
    {
        // B sleeps until its election timeout is due (15 ticks), so no tick runs while it waits. A heartbeat
        // at 14 ticks must meet a core that has already counted those 14, or the timeout it restarts (and the
        // vote refusal it promises, thesis §6.4.1) would end 14 ticks early.
        var (node, transport) = StartFollowerB(new MemoryStateStore());
        _time.Advance(Tick * 14);
        var ack = await node.StepAsync(new AppendRequest("a", 1, 1, 1, 0, [], 1, null), Deadline());
        Assert.True(Assert.IsType<AppendResponse>(ack).Success);
        await SettledAsync(node);

        _time.Advance(Tick * 14);
        await SettledAsync(node);
        Assert.DoesNotContain(transport.Sent, s => s.Message is VoteRequest);

        _time.Advance(Tick);
        await node.WaitForAsync(s => s.Status.State == NodeState.Candidate, Deadline());
        await SentAsync(transport, s => s.Message is VoteRequest { PreVote: true });
    }

    [Fact]
    public async Task The_event_that_starts_an_election_says_when_the_last_heartbeat_of_the_Goose_arrived()
    {
        var (node, _) = StartFollowerB(new MemoryStateStore());
        _time.Advance(Tick * 3);
        await node.StepAsync(new AppendRequest("a", 1, 1, 1, 0, [], 1, null), Deadline());
        _time.Advance(Tick * 4);
        var heardAt = _time.GetUtcNow();
        await node.StepAsync(new AppendRequest("a", 1, 1, 1, 0, [], 2, null), Deadline());

        _time.Advance(Tick * 15);
        await node.WaitForAsync(s => s.Status.State == NodeState.Candidate, Deadline());

        var events = node.Events.Latest(ElectionEventLog.Capacity);
        var campaign = Assert.Single(events, e => e.PreviousState == NodeState.Follower && e.State == NodeState.Candidate);
        Assert.Equal(heardAt, campaign.LastHeardFromGoose);
        Assert.StartsWith("election timeout", campaign.Reason, StringComparison.Ordinal);
        Assert.All(events.Where(e => e != campaign), e => Assert.Null(e.LastHeardFromGoose));
    }

    [Fact]
    public async Task A_heartbeat_that_arrived_while_the_loop_was_held_up_is_met_at_its_arrival()
    {
        // B's loop is stuck in a save while a second heartbeat arrives in time and its election timeout
        // passes. Handled later, that heartbeat must still count as heard when it came, so B does not campaign.
        var store = new MemoryStateStore();
        var (node, transport) = StartFollowerB(store);
        _time.Advance(Tick * 10);
        store.Block();
        var first = node.StepAsync(new AppendRequest("a", 1, 1, 1, 0, [], 1, null), Deadline());
        await store.BlockedSaveStarted.WaitAsync(Deadline());

        _time.Advance(Tick * 4);
        var second = node.StepAsync(new AppendRequest("a", 1, 2, 1, 0, [], 1, null), Deadline());
        _time.Advance(Tick * 12);
        store.Release();
        await first;
        await second;

        // Sixteen ticks after the first heartbeat, twelve after the second: within the second's timeout.
        await SettledAsync(node);
        Assert.DoesNotContain(transport.Sent, s => s.Message is VoteRequest);
        Assert.Equal(NodeState.Follower, node.Snapshot.Status.State);
    }

    [Fact]
    public async Task A_vote_reply_is_not_released_before_the_vote_is_saved()
    {
        var store = new MemoryStateStore();
        var transport = _network.CreateTransport(A.Url);
        transport.Responder = (_, _) => null;
        var state = new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []);

        // A slow timer keeps this node from campaigning; 15 ticks end the vote refusal every node starts with.
        var node = Start(A, state, transport, store, timerFactor: 10);
        AdvanceTicks(15);
        store.Block();

        var reply = node.StepAsync(new VoteRequest("b", 1, LastLogIndex: 1, LastLogTerm: 0, PreVote: false), Deadline());
        await store.BlockedSaveStarted.WaitAsync(Deadline());

        Assert.False(reply.IsCompleted, "the vote left before it was durable");
        Assert.Empty(store.Saved);

        store.Release();
        var vote = Assert.IsType<VoteResponse>(await reply);
        Assert.True(vote.Granted);
        Assert.Equal(1, vote.Term);
        var saved = Assert.Single(store.Saved);
        Assert.Equal((1L, "b"), (saved.Term, saved.VotedFor));
    }

    [Fact]
    public async Task A_candidates_vote_requests_leave_while_its_new_term_is_saved_and_its_votes_count_only_after()
    {
        var store = new MemoryStateStore();
        var transport = _network.CreateTransport(A.Url);

        // Peers grant every vote and acknowledge no append.
        transport.Responder = (to, message) => message is VoteRequest request
            ? new VoteResponse(to.Id, request.Term, Granted: true, request.PreVote)
            : null;
        var node = Start(A, new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []), transport, store);
        store.Block();

        AdvanceTicks(15);
        await store.BlockedSaveStarted.WaitAsync(Deadline());
        await SentAsync(transport, s => s.Message is VoteRequest { PreVote: false, Term: 1 } && s.To.Id == "b");
        await SentAsync(transport, s => s.Message is VoteRequest { PreVote: false, Term: 1 } && s.To.Id == "c");

        // Both requests left and were granted, but the loop is still in the save of term 1 and its self-vote:
        // the grants wait behind it, so this node cannot lead on a vote of its own that is not on disk.
        Assert.Empty(store.Saved);
        Assert.NotEqual(NodeState.Leader, node.Snapshot.Status.State);

        store.Release();
        await node.WaitForAsync(s => s.Status.State == NodeState.Leader && s.Status.Term == 1, Deadline());
        Assert.True(store.Saved.TryPeek(out var first));
        Assert.Equal((1L, "a"), (first.Term, first.VotedFor));
    }

    [Fact]
    public async Task A_new_Gooses_lease_runs_from_when_its_first_round_left_not_from_the_end_of_its_save()
    {
        // The first round's heartbeats leave before the save of the new term's entry; that save then takes
        // five ticks. The majority's acknowledgement proves only that they heard the round after it left.
        // Only the first round is acknowledged, so no later round (one may start when the save ends) moves the lease.
        var store = new MemoryStateStore();
        var transport = _network.CreateTransport(A.Url);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Responder = (to, message) =>
        {
            switch (message)
            {
                case VoteRequest request:
                    return new VoteResponse(to.Id, request.Term, Granted: true, request.PreVote);
                case AppendRequest append:
                    if (!blocked.Task.IsCompleted)
                    {
                        store.Block();
                        blocked.TrySetResult();
                    }

                    return append.Round == 1 ? new AppendResponse(to.Id, append.Term, append.Round, Success: true, append.PrevLogIndex + append.Entries.Count) : null;
                default:
                    return null;
            }
        };
        var node = Start(A, new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []), transport, store);

        AdvanceTicks(15);
        await blocked.Task.WaitAsync(Deadline());
        await store.BlockedSaveStarted.WaitAsync(Deadline());
        var roundLeftAt = _time.GetTimestamp();
        Assert.Equal(NodeState.Candidate, node.Snapshot.Status.State);
        Assert.Contains(transport.Sent, s => s.Message is AppendRequest);

        AdvanceTicks(5);
        store.Release();
        var goose = await node.WaitForAsync(s => s.LeaseExpiresAt != long.MinValue, Deadline());

        Assert.Equal(roundLeftAt + Lease.Ticks, goose.LeaseExpiresAt);
    }

    [Fact]
    public async Task Replies_to_the_nodes_requests_come_back_as_steps()
    {
        var transport = _network.CreateTransport(A.Url);
        transport.Responder = (to, message) => message switch
        {
            VoteRequest request => new VoteResponse(to.Id, request.Term, Granted: true, request.PreVote),
            AppendRequest append => new AppendResponse(to.Id, append.Term, append.Round, Success: true, append.PrevLogIndex + append.Entries.Count),
            _ => null,
        };
        var node = Start(A, new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []), transport, new MemoryStateStore());

        AdvanceTicks(16);
        await node.WaitForGooseAsync(Deadline());

        Assert.Equal(3, node.GetStatus().MemberCount);
    }

    [Fact]
    public async Task A_failed_save_stops_the_node_and_fails_waiting_callers()
    {
        var node = Start(A, new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []), _network.CreateTransport(A.Url), new FailingStateStore(), 10);
        AdvanceTicks(15);

        var reply = node.StepAsync(new VoteRequest("b", 1, 1, 0, PreVote: false), Deadline());

        await Assert.ThrowsAsync<NodeUnavailableException>(() => reply);
        await Assert.ThrowsAsync<IOException>(() => node.Completion);
        Assert.Equal(NodeRole.Duck, node.GetStatus().Role);
        await Assert.ThrowsAsync<NodeUnavailableException>(() => node.StepAsync(new VoteRequest("c", 1, 1, 0, false), Deadline()));
    }

    [Fact]
    public async Task Stopping_drains_queued_input_and_refuses_more()
    {
        var node = Start(A, DurableState.Bootstrap(A, "cluster-1"), _network.CreateTransport(A.Url), new MemoryStateStore());
        var reply = node.StepAsync(new AppendRequest("b", 0, 1, 1, 0, [], 1, null), Deadline());

        await node.StopAsync(Deadline());

        Assert.True(node.Completion.IsCompletedSuccessfully);
        Assert.True(Assert.IsType<AppendResponse>(await reply).Success, "the queued request was answered, not dropped");
        await Assert.ThrowsAsync<NodeUnavailableException>(() => node.StepAsync(new VoteRequest("b", 1, 1, 0, false), Deadline()));
    }

    private sealed class FailingStateStore : IDurableStateStore
    {
        public Task<DurableState?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<DurableState?>(null);

        public Task SaveAsync(DurableState state, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("disk gone"));
    }

    [Fact]
    public async Task A_message_of_another_cluster_is_refused_counted_and_changes_nothing()
    {
        var node = Start(A, DurableState.Bootstrap(A, "cluster-1") with { Term = 3 }, _network.CreateTransport(A.Url), new MemoryStateStore());

        var refused = await Assert.ThrowsAsync<PeerMessageRejectedException>(() =>
            node.StepAsync(new AppendRequest("b", 9, 1, 1, 0, [], 1, null) { Cluster = "cluster-2" }, Deadline()));

        Assert.Equal(PeerRefusal.ForeignCluster, refused.Reason);
        Assert.True(refused.IsRefusedSender);
        Assert.Equal(3, node.GetStatus().Term);
        Assert.Equal(1, node.RefusedMessages[PeerRefusal.ForeignCluster]);
        Assert.Equal("cluster-1", (await node.GetClusterAsync(Deadline())).ClusterId);
    }

    [Fact]
    public async Task A_message_that_makes_the_core_throw_is_refused_and_the_node_carries_on()
    {
        // The inbound handler's validation would refuse a null entry; here it reaches the actor directly,
        // as a message that meets a bug would. The node must survive it.
        var node = Start(A, new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []) { ClusterId = "cluster-1" }, _network.CreateTransport(A.Url), new MemoryStateStore());

        var refused = await Assert.ThrowsAsync<PeerMessageRejectedException>(() =>
            node.StepAsync(new AppendRequest("b", 1, 1, 1, 0, [null!], 1, null), Deadline()));
        var next = await node.StepAsync(new AppendRequest("b", 1, 2, 1, 0, [], 1, null), Deadline());

        Assert.Equal(PeerMessageRejectedException.Fault, refused.Reason);
        Assert.False(node.Completion.IsCompleted, "the node stopped");
        Assert.True(Assert.IsType<AppendResponse>(next).Success);
        Assert.Equal(1, node.RefusedMessages[PeerMessageRejectedException.Fault]);
    }
}
