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
    public void A_Goose_that_is_the_only_member_has_nothing_due_and_stays_Goose_however_long_it_sleeps()
    {
        var core = NewCore(A, Cluster([A]));
        var elected = TickUntil(core, r => r.Status.State == NodeState.Leader);

        Assert.True(elected.SoleVoter);
        Assert.Equal(int.MaxValue, core.TicksUntilDue);

        // A day of 10 ms ticks in one step: no round, no check-quorum, still the Goose and its own majority.
        var day = core.Tick(8_640_000);
        Assert.Empty(day.Messages);
        Assert.Null(day.RoundStarted);
        Assert.Equal((NodeState.Leader, elected.Status.Term), (day.Status.State, day.Status.Term));
        Assert.True(day.SoleVoter);
        Assert.Equal(int.MaxValue, core.TicksUntilDue);
    }

    [Fact]
    public void A_Goose_of_one_that_slept_writes_to_a_node_it_adds_at_once_and_then_every_round()
    {
        var core = NewCore(A, Cluster([A]));
        TickUntil(core, r => r.Status.State == NodeState.Leader);
        core.Tick(1_000);

        var add = core.Propose(new MembershipCommand(1, MembershipChange.Add, B));

        Assert.Equal(B, Assert.Single(add.Messages).To);
        Assert.Equal(HeartbeatTicks, core.TicksUntilDue);
        var round = core.Tick(HeartbeatTicks);
        Assert.NotNull(round.RoundStarted);
        Assert.Equal(B, Assert.Single(round.Messages).To);
    }

    [Fact]
    public void A_Goose_whose_other_voter_left_stops_its_rounds_and_check_quorum()
    {
        var core = NewCore(A, Cluster([A, B]));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true));
        var elected = core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false));
        Assert.False(elected.SoleVoter);
        Assert.Equal(HeartbeatTicks, core.TicksUntilDue);

        // B acknowledges the new term's first entry, so a membership change may start (Raft §8).
        core.Step(new AppendResponse(B.Id, core.Status.Term, elected.RoundStarted!.Value, true, 2));

        var removed = core.Propose(new MembershipCommand(1, MembershipChange.Remove, B));

        // Thesis §4.1: the configuration without B is in force once appended; A is its only voter.
        Assert.True(removed.SoleVoter);
        Assert.Equal([A], removed.Status.Members);
        Assert.Equal(int.MaxValue, core.TicksUntilDue);
        var later = core.Tick(10 * ElectionTicks);
        Assert.Equal(NodeState.Leader, later.Status.State);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(ElectionTicks + 4)]
    [InlineData(10 * ElectionTicks)]
    public void Quiet_ticks_counted_at_once_leave_a_follower_where_single_ticks_do(int ticks)
    {
        var once = NewCore(B, Cluster(Three));
        var single = NewCore(B, Cluster(Three));
        var heartbeat = new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null, LeaseMs: 100);
        once.Step(heartbeat);
        single.Step(heartbeat);

        var ready = once.Tick(ticks);
        var messages = new List<Envelope>();
        for (var i = 0; i < ticks; i++)
        {
            messages.AddRange(single.Tick().Messages);
        }

        Assert.Equal(messages, ready.Messages);
        Assert.Equal(single.Status, once.Status);
        Assert.Equal(single.TicksUntilDue, once.TicksUntilDue);
        Assert.Equal((single.DurableState.Term, single.DurableState.VotedFor), (once.DurableState.Term, once.DurableState.VotedFor));
        Assert.Equal(single.DurableState.Log, once.DurableState.Log);
    }

    [Fact]
    public void Zero_ticks_is_refused()
    {
        var core = NewCore(A, Cluster(Three));

        Assert.Throws<ArgumentOutOfRangeException>(() => core.Tick(0));
    }
}
