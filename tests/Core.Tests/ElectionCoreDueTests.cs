using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreDueTests
{
    [Fact]
    public void A_follower_is_due_at_its_election_timeout_and_not_a_tick_before()
    {
        var core = NewCore(A, Cluster(Three), extraTicks: 4);

        Assert.Equal(ElectionTicks + 4, core.TicksUntilDue);
        var quiet = core.Tick(ElectionTicks + 3);
        Assert.Empty(quiet.Messages);
        Assert.Equal(NodeState.Follower, quiet.Status.State);
        Assert.Equal(1, core.TicksUntilDue);

        var due = core.Tick();
        Assert.Equal(2, due.MessagesOf<VoteRequest>().Count(r => r.PreVote));
    }

    [Fact]
    public void A_Goose_is_due_at_its_next_heartbeat_round()
    {
        var core = Leader(out _);

        Assert.Equal(HeartbeatTicks, core.TicksUntilDue);
        Assert.Empty(core.Tick(HeartbeatTicks - 1).Messages);

        var round = core.Tick();
        Assert.NotNull(round.RoundStarted);
        Assert.Equal(2, round.MessagesOf<AppendRequest>().Count());
        Assert.Equal(HeartbeatTicks, core.TicksUntilDue);
    }

    [Fact]
    public void A_Goose_that_hears_no_majority_is_due_at_check_quorum_before_a_later_round()
    {
        // Heartbeat 5, check-quorum at 15: after three rounds unanswered, the fourth would come at 20.
        var core = Leader(out _);
        core.Tick(HeartbeatTicks);
        core.Tick(HeartbeatTicks);

        Assert.Equal(HeartbeatTicks, core.TicksUntilDue);
        var third = core.Tick(HeartbeatTicks);

        Assert.Equal(NodeState.Follower, third.Status.State);
    }

    [Fact]
    public void A_follower_that_hears_its_Goose_is_due_no_sooner_than_its_vote_refusal_ends()
    {
        var core = NewCore(B, Cluster(Three));
        core.Tick(3);

        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null, LeaseMs: 400));

        // A lease of 400 ms is honoured for 400 * 10 / 9 ms in 10 ms ticks rounded up, plus one (CoreOptions.VoteRefusalTicks).
        Assert.Equal(46, core.TicksUntilDue);
        var quiet = core.Tick(45);
        Assert.Equal(A, quiet.Status.Leader);
        Assert.Empty(quiet.Messages);

        var due = core.Tick();
        Assert.Null(due.Status.Leader);
        Assert.Equal(2, due.MessagesOf<VoteRequest>().Count());
    }

    [Fact]
    public void A_node_outside_its_configuration_that_knows_no_Goose_has_nothing_due()
    {
        var core = NewCore(A, Cluster([B, C]));

        Assert.Equal(int.MaxValue, core.TicksUntilDue);
        Assert.Empty(core.Tick(10_000).Messages);
    }

    [Fact]
    public void Many_ticks_at_once_leave_the_core_where_as_many_single_ticks_do()
    {
        var once = Leader(out _);
        var single = Leader(out _);

        var ready = once.Tick(12);
        Ticks(single, 12);

        // Two rounds (ticks 5 and 10) in one Ready, and the same state and next due tick as twelve single ticks.
        Assert.Equal(4, ready.MessagesOf<AppendRequest>().Count());
        Assert.Equal((single.Status.State, single.Status.Term, single.Status.CommitIndex), (ready.Status.State, ready.Status.Term, ready.Status.CommitIndex));
        Assert.Equal(single.MemberProgress, once.MemberProgress);
        Assert.Equal(single.DurableState.Log, once.DurableState.Log);
        Assert.Equal(single.TicksUntilDue, once.TicksUntilDue);
    }

    [Fact]
    public void Zero_ticks_is_refused()
    {
        var core = NewCore(A, Cluster(Three));

        Assert.Throws<ArgumentOutOfRangeException>(() => core.Tick(0));
    }
}
