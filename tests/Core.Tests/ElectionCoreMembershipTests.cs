using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreMembershipTests
{
    [Fact]
    public void Thesis41_DuckAnswersNotGooseAndNamesTheGoose()
    {
        var core = NewCore(B, Cluster(Three, term: 1));
        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null));

        var result = core.Propose(new MembershipCommand(7, MembershipChange.Add, D)).Completed.Single();

        Assert.Equal(new CommandResult(7, MembershipOutcome.NotGoose, A, result.Detail), result);
    }

    [Fact]
    public void Thesis41_ANewGoosesChangeWaitsUntilItsOwnTermEntryCommits()
    {
        var core = Leader(out var elected);

        var early = core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));
        Assert.Empty(early.Completed);
        Assert.Equal(3, early.Status.Members.Count);

        var committed = core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        Assert.Equal([A, B], committed.Status.Members);
        Assert.Equal(3, committed.Persist!.Log.Last().Index);
    }

    [Fact]
    public void Thesis421_NewServerCatchesUpAsALearnerBeforeItCountsInTheQuorum()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var add = core.Propose(new MembershipCommand(1, MembershipChange.Add, D));

        Assert.Equal(3, add.Status.Members.Count);
        var catchUp = Assert.Single(add.Messages);
        Assert.Equal(D, catchUp.To);

        // Heartbeat rounds reach the learner too, yet the lease needs only the three voters.
        var round = TickUntil(core, r => r.RoundStarted is not null);
        Assert.Contains(round.Messages, e => e.To == D);
        Assert.Equal(round.RoundStarted, core.Step(new AppendResponse(B.Id, 1, round.RoundStarted!.Value, true, 2)).QuorumRound);

        var caughtUp = core.Step(new AppendResponse(D.Id, 1, round.RoundStarted.Value, true, 2));
        Assert.Equal([A, B, C, D], caughtUp.Status.Members);
        Assert.Equal(4, caughtUp.Persist!.Log.Last().Members!.Count);
    }

    [Fact]
    public void Thesis41_AMemberWithANewPeerAddressIsReplacedInPlaceWithoutALearnerPhase()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        var moved = B with { Peer = "tcp://127.0.0.1:5002" };

        var update = core.Propose(new MembershipCommand(1, MembershipChange.Add, moved));

        Assert.Equal([A, moved, C], update.Status.Members);
        Assert.DoesNotContain(core.MemberProgress, p => !p.Voter);
        Assert.Contains(update.Messages, e => e.To == moved);
        var index = update.Persist!.Log.Last().Index;
        var done = core.Step(new AppendResponse(B.Id, 1, update.RoundStarted!.Value, true, index)).Completed.Single();
        Assert.Equal((1L, MembershipOutcome.Done), (done.CommandId, done.Outcome));
    }

    [Fact]
    public void Thesis421_NewServerThatNeverAnswersIsNotAdded()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Add, D));

        var results = new List<CommandResult>();
        for (var i = 0; i < ElectionTicks * 11; i++)
        {
            var ready = core.Tick();
            results.AddRange(ready.Completed);
            if (ready.RoundStarted is { } round)
            {
                core.Step(new AppendResponse(B.Id, 1, round, true, 2));
            }
        }

        Assert.Equal(MembershipOutcome.Busy, Assert.Single(results).Outcome);
        Assert.Equal(3, core.Status.Members.Count);
        Assert.Equal(NodeState.Leader, core.Status.State);
    }

    [Fact]
    public void Thesis41_OneChangeAtATimeAndTheNextWaitsUntilTheFirstCommits()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Add, D));
        var add = core.Step(new AppendResponse(D.Id, 1, elected.RoundStarted.Value, true, 2));
        var configIndex = add.Persist!.Log.Last().Index;

        var second = core.Propose(new MembershipCommand(2, MembershipChange.Remove, C));
        Assert.Empty(second.Completed);
        Assert.Equal([A, B, C, D], second.Status.Members);

        // Four voters: the Goose and B are not yet a majority of three.
        var partial = core.Step(new AppendResponse(B.Id, 1, add.RoundStarted!.Value, true, configIndex));
        Assert.Empty(partial.Completed);

        // The add commits, and the removal that waited starts in the same step.
        var done = core.Step(new AppendResponse(D.Id, 1, add.RoundStarted.Value, true, configIndex));
        Assert.Equal((1L, MembershipOutcome.Done), (done.Completed.Single().CommandId, done.Completed.Single().Outcome));
        Assert.Equal(configIndex, done.Status.CommitIndex);
        Assert.Equal([A, B, D], done.Status.Members);
        Assert.Equal(configIndex + 1, done.Persist!.Log.Last().Index);
    }

    [Fact]
    public void Thesis41_WaitingChangesAreDecidedInArrivalOrder()
    {
        var core = Leader(out var elected);
        core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));
        core.Propose(new MembershipCommand(2, MembershipChange.Remove, B));

        // The term's own entry commits: the first removal starts, the second waits behind it.
        var first = core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        Assert.Empty(first.Completed);
        Assert.Equal([A, B], first.Status.Members);

        // B stores it: the first is done, and the second starts and commits at once (A alone is its majority).
        var both = core.Step(new AppendResponse(B.Id, 1, first.RoundStarted!.Value, true, 3));
        Assert.Equal([1L, 2L], both.Completed.Select(c => c.CommandId));
        Assert.All(both.Completed, c => Assert.Equal(MembershipOutcome.Done, c.Outcome));
        Assert.Equal([A], both.Status.Members);
    }

    [Fact]
    public void Thesis41_AChangeThatWaitsTooLongIsAnsweredBusy()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));
        core.Propose(new MembershipCommand(2, MembershipChange.Remove, B));

        // B keeps the Goose's lease alive but never stores the first removal, so the second never starts.
        var results = new List<CommandResult>();
        for (var i = 0; i < (ElectionTicks * 20) + 1 && results.Count == 0; i++)
        {
            var ready = core.Tick();
            results.AddRange(ready.Completed);
            if (ready.RoundStarted is { } round)
            {
                core.Step(new AppendResponse(B.Id, 1, round, true, 2));
            }
        }

        var busy = Assert.Single(results);
        Assert.Equal((2L, MembershipOutcome.Busy), (busy.CommandId, busy.Outcome));
        Assert.Equal([A, B], core.Status.Members);
    }

    [Fact]
    public void Thesis41_AGooseThatStopsLeadingSendsWaitingChangesToTheNextGoose()
    {
        var core = Leader(out _);
        core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));

        var deposed = core.Step(new AppendRequest(B.Id, 2, 1, 2, 1, [], 1, null));

        Assert.Equal((1L, MembershipOutcome.NotGoose), (deposed.Completed.Single().CommandId, deposed.Completed.Single().Outcome));
    }

    [Fact]
    public void Thesis41_AddingAMemberAgainIsDoneAtOnce()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var result = core.Propose(new MembershipCommand(1, MembershipChange.Add, B)).Completed.Single();

        Assert.Equal(MembershipOutcome.Done, result.Outcome);
    }

    [Fact]
    public void Thesis41_AnotherNodeAtAMembersUrlIsRejected()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var result = core.Propose(new MembershipCommand(1, MembershipChange.Add, new Member("b2", B.Url))).Completed.Single();

        Assert.Equal(MembershipOutcome.Rejected, result.Outcome);
        Assert.Equal(3, core.Status.Members.Count);
    }

    [Fact]
    public void Thesis422_GooseThatCommitsItsOwnRemovalStepsDown()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Step(new AppendResponse(C.Id, 1, elected.RoundStarted.Value, true, 2));
        var remove = core.Propose(new MembershipCommand(1, MembershipChange.Remove, A));
        var index = remove.Persist!.Log.Last().Index;

        var one = core.Step(new AppendResponse(B.Id, 1, remove.RoundStarted!.Value, true, index));
        Assert.Equal(NodeState.Leader, one.Status.State);
        var both = core.Step(new AppendResponse(C.Id, 1, remove.RoundStarted.Value, true, index));

        Assert.Equal(MembershipOutcome.Done, both.Completed.Single().Outcome);
        Assert.Equal(NodeState.Follower, both.Status.State);
        Assert.DoesNotContain(A, both.Status.Members);
        Assert.Equal("removed from the configuration", Assert.Single(both.Transitions).Reason);
    }

    [Fact]
    public void Thesis422_AGooseWhoseOwnRemovalWasLostStandsAgainUntilTheRemovalCommits()
    {
        // A and B, A the Goose. A proposes its own removal; the entry never reaches B, and check-quorum deposes A.
        var core = NewCore(A, Cluster([A, B]));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true));
        var elected = core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false));
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Remove, A));
        TickUntil(core, r => r.Status.State == NodeState.Follower);
        Assert.Equal([B], core.Status.Members);

        // B's log lacks the removal, so A refuses it (Raft §5.4.1), and B needs A's vote: A must stand itself. It
        // asks B alone, and its own vote does not count (thesis §4.2.2): B's grant is the whole quorum of {B}.
        var refused = core.Step(new VoteRequest(B.Id, 2, 2, 1, PreVote: true));
        Assert.False(Assert.IsType<VoteResponse>(refused.Reply).Granted);
        var preVote = Assert.Single(TickUntil(core, r => r.Messages.Count > 0).Messages);
        Assert.Equal((B, true), (preVote.To, Assert.IsType<VoteRequest>(preVote.Message).PreVote));
        var election = core.Step(new VoteResponse(B.Id, preVote.Message.Term, true, PreVote: true));
        Assert.Equal(NodeState.Candidate, election.Status.State);
        var won = core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false));
        Assert.Equal(NodeState.Leader, won.Status.State);

        // Its first round carries the removal to B; once B stores it, it commits and A steps down for good.
        var append = Assert.IsType<AppendRequest>(Assert.Single(won.Messages).Message);
        var stored = append.PrevLogIndex + append.Entries.Count;
        var done = core.Step(new AppendResponse(B.Id, core.Status.Term, append.Round, true, stored));
        Assert.Equal((NodeState.Follower, stored), (done.Status.State, done.Status.CommitIndex));
        Assert.Equal("removed from the configuration", Assert.Single(done.Transitions).Reason);
        for (var i = 0; i < 100; i++)
        {
            Assert.Empty(core.Tick().Messages);
        }
    }

    [Fact]
    public void Thesis422_AMemberLeftOutOfACommittedConfigurationNeverStands()
    {
        // A knows its removal committed (commit index 3 holds the configuration {B, C}): its timer stays stopped.
        var core = NewCore(A, new DurableState(1, null, new Snapshot(1, 1, Three), [new LogEntry(2, 1, null), new LogEntry(3, 1, [B, C])]));
        core.Step(new AppendRequest(B.Id, 1, 1, 3, 1, [], 3, null));
        Assert.Equal(3, core.Status.CommitIndex);

        for (var i = 0; i < 200; i++)
        {
            Assert.Empty(core.Tick().Messages);
        }

        Assert.Equal(NodeState.Follower, core.Status.State);
    }

    [Fact]
    public void Thesis41_PendingChangeIsAnsweredWhenLeadershipIsLost()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));

        var ready = core.Step(new AppendRequest(B.Id, 2, 1, 2, 1, [], 2, null));

        Assert.Equal(MembershipOutcome.Busy, ready.Completed.Single().Outcome);
    }

    [Fact]
    public void Thesis41_RemovingADeadMemberLeavesAReachableMajority()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var ready = core.Propose(new MembershipCommand(1, MembershipChange.Remove, C));

        Assert.Empty(ready.Completed);
        Assert.Equal([A, B], ready.Status.Members);
    }

    [Fact]
    public void Thesis41_RemovingALiveMemberWhileAnotherIsDeadIsRejected()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var result = core.Propose(new MembershipCommand(1, MembershipChange.Remove, B)).Completed.Single();

        Assert.Equal(MembershipOutcome.Rejected, result.Outcome);
        Assert.Equal("removing b would leave 1 of 2 remaining voters reachable; a majority (2) is needed", result.Detail);
        Assert.Equal(Three, core.Status.Members);
    }

    [Fact]
    public void Thesis41_APeerNotHeardForAnElectionTimeoutCountsAsUnreachable()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Step(new AppendResponse(C.Id, 1, elected.RoundStarted.Value, true, 2));

        // Only C keeps answering; B falls silent for more than the minimum election timeout.
        for (var i = 0; i <= ElectionTicks; i++)
        {
            if (core.Tick().RoundStarted is { } round)
            {
                core.Step(new AppendResponse(C.Id, 1, round, true, 2));
            }
        }

        var result = core.Propose(new MembershipCommand(1, MembershipChange.Remove, C)).Completed.Single();

        Assert.Equal(MembershipOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public void Thesis421_ANewcomerClaimingMoreLogThanTheGooseHasIsNotAddedAndTheGooseCarriesOn()
    {
        // D once founded a cluster of its own: its base lies past this Goose's log, so it answers the
        // catch-up append with its own base index.
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(7, MembershipChange.Add, D));

        var claimed = core.Step(new AppendResponse(D.Id, 1, elected.RoundStarted.Value, true, 40));
        var next = TickUntil(core, r => r.RoundStarted is not null);

        var result = Assert.Single(claimed.Completed);
        Assert.Equal((7L, MembershipOutcome.Rejected), (result.CommandId, result.Outcome));
        Assert.Contains("another cluster", result.Detail, StringComparison.Ordinal);
        Assert.Equal(Three, next.Status.Members);
        Assert.Equal(NodeState.Leader, next.Status.State);
        Assert.DoesNotContain(next.Messages, e => e.To == D);
        Assert.All(next.MessagesOf<AppendRequest>(), m => Assert.True(m.PrevLogIndex <= 2));
    }
}
