using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

/// <summary>
/// Member priority in the core: a voter of priority 0 never stands for election (Patroni's nofailover)
/// but still votes; a step-down never picks it and prefers the highest priority; the timer is told the
/// node's priority and the highest among the voters.
/// </summary>
public sealed class ElectionCorePriorityTests
{
    private static readonly Member B0 = B with { Priority = 0 };
    private static readonly Member C0 = C with { Priority = 0 };
    private static readonly Member C3 = C with { Priority = 3 };

    /// <summary>A leads term 1 of <paramref name="members"/> (A first, then two peers) with the second's votes; both peers acked index 2, <paramref name="lastHeard"/> last.</summary>
    private static ElectionCore CaughtUpLeaderOf(IReadOnlyList<Member> members, Member lastHeard)
    {
        var core = NewCore(A, Cluster(members));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(members[1].Id, pre.Messages[0].Message.Term, true, PreVote: true));
        var elected = core.Step(new VoteResponse(members[1].Id, core.Status.Term, true, PreVote: false));
        Assert.Equal(NodeState.Leader, elected.Status.State);
        var round = elected.RoundStarted!.Value;
        var first = members.Skip(1).First(m => m != lastHeard);
        core.Step(new AppendResponse(first.Id, 1, round, true, 2));
        core.Tick();
        core.Step(new AppendResponse(lastHeard.Id, 1, round, true, 2));
        return core;
    }

    /// <summary><paramref name="self"/> follows A in term 1 of <paramref name="members"/>, with A's log (base 1, no-op at 2).</summary>
    private static ElectionCore FollowerOf(Member self, IReadOnlyList<Member> members)
    {
        var core = NewCore(self, Cluster(members));
        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [new LogEntry(2, 1, null)], 1, null));
        return core;
    }

    [Fact]
    public void Nofailover_AVoterOfPriorityZeroNeverStartsAPreVoteOrElection()
    {
        var core = NewCore(B0, Cluster([A, B0, C], term: 3));

        for (var i = 0; i < 20 * ElectionTicks; i++)
        {
            var ready = core.Tick();
            Assert.Empty(ready.Messages);
            Assert.Empty(ready.Transitions);
        }

        Assert.Equal((NodeState.Follower, 3L), (core.Status.State, core.Status.Term));
    }

    [Fact]
    public void Nofailover_ASoleVoterOfPriorityZeroNeverElectsItself()
    {
        var core = NewCore(B0, DurableState.Bootstrap(B0, "cluster-1"));

        Ticks(core, 20 * ElectionTicks);

        Assert.Equal((NodeState.Follower, 0L), (core.Status.State, core.Status.Term));
    }

    [Fact]
    public void Nofailover_AVoterOfPriorityZeroRefusesTimeoutNowWithItsReason()
    {
        var core = FollowerOf(B0, [A, B0, C]);

        var ready = core.Step(new TimeoutNowRequest(A.Id, 1, 2));

        Assert.Equal(new TimeoutNowResponse(B.Id, 1, false, "b has priority 0 and never stands for election"), ready.Reply);
        Assert.Equal((NodeState.Follower, 1L), (ready.Status.State, ready.Status.Term));
        Assert.Null(ready.Persist);
        Assert.Empty(ready.Messages);
    }

    [Fact]
    public void Nofailover_AVoterOfPriorityZeroStillVotesAndCountsForQuorum()
    {
        var voter = NewCore(B0, Cluster([A, B0, C]));
        Ticks(voter, ElectionTicks);

        var pre = voter.Step(new VoteRequest(C.Id, 1, 1, 0, PreVote: true));
        var real = voter.Step(new VoteRequest(C.Id, 1, 1, 0, PreVote: false));

        Assert.True(Assert.IsType<VoteResponse>(pre.Reply).Granted);
        Assert.True(Assert.IsType<VoteResponse>(real.Reply).Granted);
        Assert.Equal(C.Id, real.Persist!.VotedFor);

        // And its vote alone makes a majority of three for C.
        var candidate = NewCore(C, Cluster([A, B0, C]));
        var asked = TickUntil(candidate, r => r.Messages.Count > 0);
        candidate.Step(new VoteResponse(B.Id, asked.Messages[0].Message.Term, true, PreVote: true));
        var won = candidate.Step(new VoteResponse(B.Id, candidate.Status.Term, true, PreVote: false));
        Assert.Equal(NodeState.Leader, won.Status.State);
    }

    [Fact]
    public void Nofailover_AStepDownWithoutATargetSkipsAVoterOfPriorityZeroEvenWhenItIsTheMostUpToDate()
    {
        var core = NewCore(A, Cluster([A, B0, C]));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true));
        var elected = core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false));
        core.Step(new AppendResponse(C.Id, 1, elected.RoundStarted!.Value, false, 1));
        core.Tick();
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted.Value, true, 2));
        Assert.True(core.MemberProgress.Single(p => p.Id == B.Id).MatchIndex > core.MemberProgress.Single(p => p.Id == C.Id).MatchIndex);

        var ready = core.TransferLeadership(new TransferCommand(1, TargetId: null));

        Assert.Equal(C.Id, ready.Status.TransferTarget);
    }

    [Fact]
    public void Nofailover_AStepDownNamingAVoterOfPriorityZeroIsRejected()
    {
        var core = CaughtUpLeaderOf([A, B0, C], lastHeard: C);

        var ready = core.TransferLeadership(new TransferCommand(1, B.Id));

        Assert.Equal(
            new CommandResult(1, MembershipOutcome.Rejected, A, "b has priority 0 and never stands for election; give it a priority above 0 first, or name another voter."),
            Assert.Single(ready.Completed));
        Assert.Null(ready.Status.TransferTarget);
        Assert.Empty(ready.Messages);
    }

    [Fact]
    public void Nofailover_AStepDownWhenEveryOtherVoterHasPriorityZeroIsRejected()
    {
        var core = CaughtUpLeaderOf([A, B0, C0], lastHeard: C0);

        var ready = core.TransferLeadership(new TransferCommand(1, TargetId: null));

        Assert.Equal(
            new CommandResult(1, MembershipOutcome.Rejected, A, "Every other voter (b, c) has priority 0 and never takes over."),
            Assert.Single(ready.Completed));
        Assert.Equal(NodeState.Leader, ready.Status.State);
    }

    [Fact]
    public void Nofailover_AMembershipChangeThatWouldLeaveNoVoterAbleToStandIsRejected()
    {
        var core = CaughtUpLeaderOf([A, B0, C0], lastHeard: C0);
        core.Tick();

        var remove = Assert.Single(core.Propose(new MembershipCommand(1, MembershipChange.Remove, A)).Completed);
        var demote = Assert.Single(core.Propose(new MembershipCommand(2, MembershipChange.Add, A with { Priority = 0 })).Completed);

        Assert.Equal(MembershipOutcome.Rejected, remove.Outcome);
        Assert.Equal("After this change every voter (b, c) would have priority 0 and no Goose could ever be elected.", remove.Detail);
        Assert.Equal(MembershipOutcome.Rejected, demote.Outcome);
        Assert.Equal("After this change every voter (b, c, a) would have priority 0 and no Goose could ever be elected.", demote.Detail);
    }

    [Fact]
    public void AStepDownWithoutATargetPrefersTheHighestPriorityOverWhoWasHeardLast()
    {
        var core = CaughtUpLeaderOf([A, B, C3], lastHeard: B);

        var ready = core.TransferLeadership(new TransferCommand(1, TargetId: null));

        Assert.Equal(C.Id, ready.Status.TransferTarget);
    }

    [Fact]
    public void AStepDownWithoutATargetPassesOverAPreferredVoterNotHeardWithinAnElectionTimeout()
    {
        var core = CaughtUpLeaderOf([A, B, C3], lastHeard: C3);
        for (var i = 0; i <= ElectionTicks; i++)
        {
            if (core.Tick().RoundStarted is { } round)
            {
                core.Step(new AppendResponse(B.Id, 1, round, true, 2));
            }
        }

        var ready = core.TransferLeadership(new TransferCommand(1, TargetId: null));

        Assert.Equal(B.Id, ready.Status.TransferTarget);
    }

    [Theory]
    [InlineData("a", 1, 3)]
    [InlineData("b", 0, 3)]
    [InlineData("c", 3, 3)]
    public void TheTimerIsToldThisNodesPriorityAndTheHighestAmongTheVoters(string self, int priority, int max)
    {
        var members = new[] { A, B0, C3 };
        var timer = new RecordingTimer();

        _ = new ElectionCore(new CoreOptions(self, TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks), Cluster(members), timer, new Random(1));

        Assert.Equal(new ElectionHistory(0, priority, max), Assert.Single(timer.Histories));
    }

    [Fact]
    public void ANodeWaitingToJoinTellsTheTimerTheDefaultPriority()
    {
        var timer = new RecordingTimer();

        _ = new ElectionCore(new CoreOptions("d", TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks), DurableState.Empty, timer, new Random(1));

        Assert.Equal(new ElectionHistory(0, Member.DefaultPriority, Member.DefaultPriority), Assert.Single(timer.Histories));
    }

    [Fact]
    public void AllZeroPrioritiesGiveTheTimerAConsistentHistory()
    {
        var timer = new RecordingTimer();

        _ = new ElectionCore(new CoreOptions("b", TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks), Cluster([B0, C0]), timer, new Random(1));

        Assert.Equal(new ElectionHistory(0, 0, 0), Assert.Single(timer.Histories));
    }

    [Fact]
    public void ANodeThatNeverCampaignsForgetsAGooseItNoLongerHears()
    {
        // B0 never stands, so no pre-vote clears what it knows; once A's lease must be over, /status must not
        // name A nor send admin calls there.
        var core = FollowerOf(B0, [A, B0, C]);
        Assert.Equal(A, core.Status.Leader);

        Ticks(core, ElectionTicks - 1);
        Assert.Equal(A, core.Status.Leader);
        core.Tick();

        Assert.Null(core.Status.Leader);
        var decided = Assert.Single(core.Propose(new MembershipCommand(1, MembershipChange.Add, D)).Completed);
        Assert.Null(decided.Goose);
    }
}
