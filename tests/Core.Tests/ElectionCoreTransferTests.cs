using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreTransferTests
{
    /// <summary>A leads term 1 of a, b, c; both followers have acknowledged its no-op at index 2 (C last).</summary>
    private static ElectionCore CaughtUpLeader(out long round)
    {
        var core = Leader(out var elected);
        round = elected.RoundStarted!.Value;
        core.Step(new AppendResponse(B.Id, 1, round, true, 2));
        core.Tick();
        core.Step(new AppendResponse(C.Id, 1, round, true, 2));
        return core;
    }

    /// <summary>Ticks <paramref name="ticks"/> times; every heartbeat round is acknowledged by <paramref name="ackers"/> at <paramref name="match"/>.</summary>
    private static List<Ready> TickAcked(ElectionCore core, int ticks, long match, params Member[] ackers)
    {
        var readies = new List<Ready>();
        for (var i = 0; i < ticks; i++)
        {
            var ready = core.Tick();
            readies.Add(ready);
            if (ready.RoundStarted is { } round)
            {
                readies.AddRange(ackers.Select(m => core.Step(new AppendResponse(m.Id, 1, round, true, match))));
            }
        }

        return readies;
    }

    /// <summary>B follows A in term 1 with A's log (base 1, no-op at 2).</summary>
    private static ElectionCore Follower(Member self)
    {
        var core = NewCore(self, Cluster(Three));
        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [new LogEntry(2, 1, null)], 1, null));
        return core;
    }

    [Fact]
    public void Thesis310_GooseSendsTimeoutNowToACaughtUpTargetAndAnnouncesTheHandOver()
    {
        var core = CaughtUpLeader(out _);

        var ready = core.TransferLeadership(new TransferCommand(9, B.Id));

        Assert.Empty(ready.Completed);
        Assert.Equal(B.Id, ready.Status.TransferTarget);
        var timeoutNow = Assert.Single(ready.Messages);
        Assert.Equal(B, timeoutNow.To);
        Assert.Equal(new TimeoutNowRequest(A.Id, 1, 2), timeoutNow.Message);
    }

    [Fact]
    public void Thesis310_HandOverIsDoneWhenTheOldGooseHearsTheNewOne()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(9, B.Id));

        var accepted = core.Step(new TimeoutNowResponse(B.Id, 2, true, null));
        Assert.Equal(NodeState.Follower, accepted.Status.State);
        Assert.Null(accepted.Status.TransferTarget);
        Assert.Empty(accepted.Completed);
        Assert.Equal(
            new StateTransition(NodeState.Leader, NodeState.Follower, 2, "handed over to b: saw term 2 from b"),
            Assert.Single(accepted.Transitions));

        var heard = core.Step(new AppendRequest(B.Id, 2, 1, 2, 1, [new LogEntry(3, 2, null)], 2, null));

        Assert.Equal(new CommandResult(9, MembershipOutcome.Done, B, "b is the Goose now, in term 2."), Assert.Single(heard.Completed));
    }

    [Fact]
    public void Thesis310_HandOverIsDoneWithWhoeverWonEvenIfNotTheTarget()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(9, B.Id));
        core.Step(new TimeoutNowResponse(B.Id, 2, true, null));
        core.Tick();

        var heard = core.Step(new AppendRequest(C.Id, 3, 1, 2, 1, [], 2, null));

        Assert.Equal(C, Assert.Single(heard.Completed).Goose);
    }

    [Fact]
    public void Thesis310_WithoutATargetTheVoterWithTheHighestMatchIndexIsChosen()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(C.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Tick();
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted.Value, false, 1));

        var ready = core.TransferLeadership(new TransferCommand(1, TargetId: null));

        Assert.Equal(C.Id, ready.Status.TransferTarget);
        Assert.Equal(C, ready.Messages.Single(e => e.Message is TimeoutNowRequest).To);
    }

    [Fact]
    public void Thesis310_WithoutATargetEqualVotersAreRankedByWhoWasHeardLast()
    {
        var core = CaughtUpLeader(out _);

        var ready = core.TransferLeadership(new TransferCommand(1, TargetId: null));

        Assert.Equal(C.Id, ready.Status.TransferTarget);
    }

    [Fact]
    public void Thesis310_TargetBehindIsBroughtUpToDateBeforeTimeoutNow()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var start = core.TransferLeadership(new TransferCommand(1, C.Id));
        var append = Assert.Single(start.Messages);
        Assert.Equal(C, append.To);
        Assert.IsType<AppendRequest>(append.Message);

        var caughtUp = core.Step(new AppendResponse(C.Id, 1, elected.RoundStarted.Value, true, 2));

        Assert.Equal(new TimeoutNowRequest(A.Id, 1, 2), caughtUp.MessagesOf<TimeoutNowRequest>().Single());
    }

    [Fact]
    public void Thesis310_DuckAnswersNotGooseAndNamesTheGoose()
    {
        var core = Follower(B);

        var result = Assert.Single(core.TransferLeadership(new TransferCommand(1, C.Id)).Completed);

        Assert.Equal(MembershipOutcome.NotGoose, result.Outcome);
        Assert.Equal(A, result.Goose);
    }

    [Theory]
    [InlineData("a", "a is this node, already the Goose.")]
    [InlineData("x", "x is not a voting member.")]
    public void Thesis310_TargetMustBeAnotherVoter(string target, string detail)
    {
        var core = CaughtUpLeader(out _);

        var result = Assert.Single(core.TransferLeadership(new TransferCommand(1, target)).Completed);

        Assert.Equal(new CommandResult(1, MembershipOutcome.Rejected, A, detail), result);
        Assert.Null(core.Status.TransferTarget);
    }

    [Fact]
    public void Thesis310_ALearnerIsNoTarget()
    {
        var core = CaughtUpLeader(out _);
        core.Propose(new MembershipCommand(1, MembershipChange.Add, D));

        var result = Assert.Single(core.TransferLeadership(new TransferCommand(2, D.Id)).Completed);

        Assert.Equal(MembershipOutcome.Rejected, result.Outcome);
        Assert.Equal("d is still catching up as a learner, not a voter.", result.Detail);
    }

    [Fact]
    public void Thesis310_ClusterOfOneHasNobodyToHandOverTo()
    {
        var core = NewCore(A, Cluster([A]));
        TickUntil(core, r => r.Status.State == NodeState.Leader);

        var result = Assert.Single(core.TransferLeadership(new TransferCommand(1, null)).Completed);

        Assert.Equal(MembershipOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public void Thesis310_OneHandOverAtATime()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));

        var second = Assert.Single(core.TransferLeadership(new TransferCommand(2, C.Id)).Completed);

        Assert.Equal(MembershipOutcome.Busy, second.Outcome);
        Assert.Equal(B.Id, core.Status.TransferTarget);
    }

    [Fact]
    public void Thesis310_NoHandOverWhileAMembershipChangeIsInFlight()
    {
        var core = CaughtUpLeader(out _);
        core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));

        var result = Assert.Single(core.TransferLeadership(new TransferCommand(2, B.Id)).Completed);

        Assert.Equal(MembershipOutcome.Busy, result.Outcome);
    }

    [Fact]
    public void Thesis310_GooseHandingOverStartsNoMembershipChangeAndPassesItToTheNewGoose()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));

        var waiting = core.Propose(new MembershipCommand(2, MembershipChange.Remove, C));
        Assert.Empty(waiting.Completed);
        Assert.Equal(3, waiting.Status.Members.Count);

        var handedOver = core.Step(new AppendRequest(B.Id, core.Status.Term + 1, 1, 2, 1, [], 2, null));

        Assert.Contains(handedOver.Completed, c => c.CommandId == 2 && c.Outcome == MembershipOutcome.NotGoose);
        Assert.Equal(3, handedOver.Status.Members.Count);
    }

    [Fact]
    public void Thesis310_GooseHandingOverReportsNoLeaseRound()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));

        var readies = TickAcked(core, ElectionTicks - 1, 2, B, C);

        Assert.Contains(readies, r => r.RoundStarted is not null);
        Assert.All(readies, r => Assert.Null(r.QuorumRound));
        Assert.Equal(NodeState.Leader, core.Status.State);
    }

    [Fact]
    public void Thesis310_HandOverAbortsAfterOneElectionTimeoutWithANoOpAndNoLeaseUntilItCommits()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));

        // B never takes over; C keeps acknowledging, but only the old entries.
        var readies = TickAcked(core, ElectionTicks, 2, C);
        var abort = readies.Single(r => r.Completed.Count > 0);
        var result = Assert.Single(abort.Completed);
        Assert.Equal(MembershipOutcome.Busy, result.Outcome);
        Assert.Equal("b did not take over within 15 ticks (150 ms); this node is still the Goose.", result.Detail);
        Assert.Equal(new LogEntry(3, 1, null), abort.Persist!.Log.Last());
        Assert.Null(abort.Status.TransferTarget);

        // Rounds a majority acknowledges do not restore the lease while the no-op is uncommitted.
        var fenced = TickAcked(core, ElectionTicks - 2, 2, C);
        Assert.Contains(fenced, r => r.RoundStarted is not null);
        Assert.All(fenced, r => Assert.Null(r.QuorumRound));

        // Once a majority stores the no-op, the next acknowledged round restores it.
        var committed = TickAcked(core, 2 * HeartbeatTicks, 3, C);
        Assert.Equal(3, core.Status.CommitIndex);
        Assert.Contains(committed, r => r.QuorumRound is not null);
    }

    [Fact]
    public void Thesis310_HandOverThatNeverSentTimeoutNowAbortsWithoutANoOp()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.TransferLeadership(new TransferCommand(1, C.Id));

        var readies = TickAcked(core, ElectionTicks + (2 * HeartbeatTicks), 2, B);

        Assert.Equal(MembershipOutcome.Busy, readies.SelectMany(r => r.Completed).Single().Outcome);
        Assert.Equal(2, core.DurableState.Log.LastOrDefault()?.Index ?? core.DurableState.Base.Index);
        Assert.Contains(readies.SkipWhile(r => r.Completed.Count == 0), r => r.QuorumRound is not null);
    }

    [Fact]
    public void Thesis310_TargetThatRefusesAbortsTheHandOverAtOnceWithItsReason()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));

        var refused = core.Step(new TimeoutNowResponse(B.Id, 1, false, "b is a Candidate in term 1"));

        var result = Assert.Single(refused.Completed);
        Assert.Equal(MembershipOutcome.Busy, result.Outcome);
        Assert.Equal("b refused to take over: b is a Candidate in term 1; this node is still the Goose.", result.Detail);
        Assert.Equal(new LogEntry(3, 1, null), refused.Persist!.Log.Last());
        Assert.Null(refused.Status.TransferTarget);
        Assert.Equal(NodeState.Leader, refused.Status.State);
    }

    [Fact]
    public void Thesis310_GooseThatStepsDownAndHearsNoNewGooseAnswersBusyAfterTheTimeout()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));
        core.Step(new TimeoutNowResponse(B.Id, 2, true, null));

        var results = Enumerable.Range(0, ElectionTicks).SelectMany(_ => core.Tick().Completed).ToList();

        var result = Assert.Single(results);
        Assert.Equal(MembershipOutcome.Busy, result.Outcome);
        Assert.EndsWith("election; the cluster will elect one.", result.Detail);
    }

    [Fact]
    public void Thesis310_TargetAsksATransferPreVoteFirstThenStartsARealElectionOnAMajority()
    {
        var core = Follower(B);

        var accepted = core.Step(new TimeoutNowRequest(A.Id, 1, 2));

        // Nothing changes yet: the target still follows A and asks whether a hand-over election could win.
        Assert.Equal(new TimeoutNowResponse(B.Id, 1, true, null), accepted.Reply);
        Assert.Null(accepted.Persist);
        Assert.Equal(NodeState.Follower, accepted.Status.State);
        Assert.Equal(
            [new VoteRequest(B.Id, 2, 2, 1, PreVote: true, Transfer: true), new VoteRequest(B.Id, 2, 2, 1, PreVote: true, Transfer: true)],
            accepted.MessagesOf<VoteRequest>().ToList());

        var won = core.Step(new VoteResponse(A.Id, 2, true, PreVote: true, Transfer: true));

        Assert.Equal((2L, B.Id), (won.Persist!.Term, won.Persist.VotedFor));
        Assert.Equal(
            [new VoteRequest(B.Id, 2, 2, 1, PreVote: false, Transfer: true), new VoteRequest(B.Id, 2, 2, 1, PreVote: false, Transfer: true)],
            won.MessagesOf<VoteRequest>().ToList());
        Assert.Equal(new StateTransition(NodeState.Follower, NodeState.Candidate, 2, "TimeoutNow from a; pre-vote won from a"), Assert.Single(won.Transitions));
    }

    [Fact]
    public void Thesis310_AHandOverPreVoteThatWinsNoMajorityWithinATimeoutIsGivenUp()
    {
        var core = Follower(B);
        core.Step(new TimeoutNowRequest(A.Id, 1, 2));
        Ticks(core, ElectionTicks);

        var late = core.Step(new VoteResponse(A.Id, 2, true, PreVote: true, Transfer: true));

        // B may be campaigning on its own by now (A fell silent), but the hand-over's grant counts for nothing.
        Assert.Null(late.Persist);
        Assert.Equal(1, late.Status.Term);
    }

    [Fact]
    public void Thesis310_AHandOverPreVoteEndsWhenTheGoosesFencingNoOpReachesTheTargetFirst()
    {
        // Found by the simulation (seed 234): A gave up the hand-over and appended its fencing no-op (3);
        // B stored it while its pre-vote ran, then won the pre-vote. An election then would carry entry 3
        // past the voters that stored it while A, once 3 commits, serves its lease again.
        var core = Follower(B);
        core.Step(new TimeoutNowRequest(A.Id, 1, 2));
        core.Step(new AppendRequest(A.Id, 1, 2, 2, 1, [new LogEntry(3, 1, null)], 2, null));

        var late = core.Step(new VoteResponse(C.Id, 2, true, PreVote: true, Transfer: true));

        Assert.Null(late.Persist);
        Assert.Empty(late.Transitions);
        Assert.Empty(late.MessagesOf<VoteRequest>());
        Assert.Equal((NodeState.Follower, 1L), (late.Status.State, late.Status.Term));
    }

    [Fact]
    public void Thesis423_TheGooseGrantsItsTargetsTransferPreVoteOnlyWhileHandingOverToIt()
    {
        var core = CaughtUpLeader(out _);
        var before = core.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: true, Transfer: true));
        core.TransferLeadership(new TransferCommand(1, B.Id));

        var other = core.Step(new VoteRequest(C.Id, 2, 2, 1, PreVote: true, Transfer: true));
        var target = core.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: true, Transfer: true));

        Assert.False(((VoteResponse)before.Reply!).Granted);
        Assert.False(((VoteResponse)other.Reply!).Granted);
        Assert.True(((VoteResponse)target.Reply!).Granted);
        Assert.Equal((NodeState.Leader, 1L), (target.Status.State, target.Status.Term));
    }

    [Fact]
    public void Thesis310_TargetRefusesTimeoutNowFromANodeItDoesNotFollow()
    {
        var core = Follower(B);

        var ready = core.Step(new TimeoutNowRequest(C.Id, 1, 2));

        var reply = Assert.IsType<TimeoutNowResponse>(ready.Reply);
        Assert.False(reply.Accepted);
        Assert.Equal("b follows a in term 1, not c", reply.Reason);
        Assert.Equal(NodeState.Follower, ready.Status.State);
        Assert.Empty(ready.Messages);
    }

    [Fact]
    public void Thesis310_TargetRefusesATimeoutNowSentBeforeTheNoOpItAlreadyStores()
    {
        // The fence: after an aborted hand-over the target holds the no-op (index 3); a late TimeoutNow
        // that still says index 2 must not start an election that no majority's log comparison would stop.
        var core = Follower(B);
        core.Step(new AppendRequest(A.Id, 1, 2, 2, 1, [new LogEntry(3, 1, null)], 2, null));

        var ready = core.Step(new TimeoutNowRequest(A.Id, 1, 2));

        var reply = Assert.IsType<TimeoutNowResponse>(ready.Reply);
        Assert.False(reply.Accepted);
        Assert.Equal("b's log ends at index 3 of term 1, not at 2 of term 1", reply.Reason);
        Assert.Equal(1, ready.Status.Term);
    }

    [Fact]
    public void Raft51_TimeoutNowOfAnOldTermIsRefusedWithTheCurrentTerm()
    {
        var core = NewCore(B, Cluster(Three, term: 3));

        var reply = Assert.IsType<TimeoutNowResponse>(core.Step(new TimeoutNowRequest(A.Id, 2, 2)).Reply);

        Assert.False(reply.Accepted);
        Assert.Equal(3, reply.Term);
    }

    [Fact]
    public void Thesis423_VoterInLeaseGrantsATransferVoteButNotAnOrdinaryOne()
    {
        var ordinary = Follower(C);
        var transfer = Follower(C);

        var refused = (VoteResponse)ordinary.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: false)).Reply!;
        var granted = (VoteResponse)transfer.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: false, Transfer: true)).Reply!;

        Assert.False(refused.Granted);
        Assert.Equal(1, ordinary.Status.Term);
        Assert.True(granted.Granted);
        Assert.Equal(2, granted.Term);
        Assert.Equal(B.Id, transfer.DurableState.VotedFor);
    }

    [Fact]
    public void Raft541_TransferVoteStillNeedsAnUpToDateLog()
    {
        var core = Follower(C);

        var vote = (VoteResponse)core.Step(new VoteRequest(B.Id, 2, 1, 0, PreVote: false, Transfer: true)).Reply!;

        Assert.False(vote.Granted);
    }

    [Fact]
    public void Thesis423_GooseHandingOverStepsDownForItsTargetsVoteAndGrantsIt()
    {
        var core = CaughtUpLeader(out _);
        core.TransferLeadership(new TransferCommand(1, B.Id));

        var ready = core.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: false, Transfer: true));

        Assert.True(((VoteResponse)ready.Reply!).Granted);
        Assert.Equal(NodeState.Follower, ready.Status.State);
        Assert.Equal("handed over to b: saw term 2 from b", Assert.Single(ready.Transitions).Reason);
    }

    [Fact]
    public void Thesis423_ALateTransferElectionWithAStaleLogCannotMoveAFollowerInLeaseToANewTerm()
    {
        // C acknowledged A just now. B's election comes from a TimeoutNow whose hand-over was aborted and
        // fenced by a no-op that B lacks: C must refuse without raising its term, or C's next reply
        // would depose the healthy Goose A.
        var core = Follower(C);
        core.Step(new AppendRequest(A.Id, 1, 2, 2, 1, [new LogEntry(3, 1, null)], 2, null));

        var ready = core.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: false, Transfer: true));

        Assert.False(((VoteResponse)ready.Reply!).Granted);
        Assert.Equal(1, ready.Status.Term);
        Assert.Null(ready.Persist);
        Assert.Equal(A, ready.Status.Leader);
    }

    [Fact]
    public void Thesis423_AGooseThatIsNotHandingOverRefusesATransferElectionAndStaysGoose()
    {
        var core = CaughtUpLeader(out _);

        var ready = core.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: false, Transfer: true));

        Assert.False(((VoteResponse)ready.Reply!).Granted);
        Assert.Equal((NodeState.Leader, 1L), (ready.Status.State, ready.Status.Term));
    }
}
