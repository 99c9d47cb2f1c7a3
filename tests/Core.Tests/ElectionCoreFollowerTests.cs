using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreFollowerTests
{
    private static ElectionCore WithTimer(Member self, RecordingTimer timer) =>
        new(new CoreOptions(self.Id, TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks), Cluster(Three), timer, new Random(1));

    [Fact]
    public void Raft93_ACandidateThatHearsTheGooseDrawsItsNextTimeoutAsAfterAGooseWasHeard()
    {
        var timer = new RecordingTimer();
        var core = WithTimer(B, timer);
        TickUntil(core, r => r.Messages.Count > 0);
        Assert.Equal(1, timer.Histories[^1].ConsecutiveFailedElections);

        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null));

        Assert.Equal(NodeState.Follower, core.Status.State);
        Assert.Equal(0, timer.Histories[^1].ConsecutiveFailedElections);
    }

    [Fact]
    public void Raft93_AFollowerCarriedIntoATermWhileItsElectionFailedDrawsAgainWhenItHearsTheGoose()
    {
        // B's pre-vote is under way (one failed election) when C's vote request for term 1 makes it a follower of
        // that term: that step draws its timeout with the failure counted. C's first heartbeat draws it again.
        var timer = new RecordingTimer();
        var core = WithTimer(B, timer);
        TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteRequest(C.Id, 1, 1, 0, PreVote: false));
        Assert.Equal((NodeState.Follower, 1), (core.Status.State, timer.Histories[^1].ConsecutiveFailedElections));
        var draws = timer.Histories.Count;

        core.Step(new AppendRequest(C.Id, 1, 1, 1, 0, [], 1, null));

        Assert.Equal(draws + 1, timer.Histories.Count);
        Assert.Equal(0, timer.Histories[^1].ConsecutiveFailedElections);

        // A Goose heard again draws nothing more: the timeout stands for the term.
        core.Step(new AppendRequest(C.Id, 1, 2, 1, 0, [], 1, null));
        Assert.Equal(draws + 1, timer.Histories.Count);
    }

    [Fact]
    public void Raft51_StaleTermRequestIsRefusedWithTheCurrentTerm()
    {
        var core = NewCore(B, Cluster(Three, term: 5));

        var append = (AppendResponse)core.Step(new AppendRequest(A.Id, 3, 1, 1, 0, [], 1, null)).Reply!;
        var vote = (VoteResponse)core.Step(new VoteRequest(A.Id, 3, 9, 9, false)).Reply!;

        Assert.Equal((5L, false), (append.Term, append.Success));
        Assert.Equal((5L, false), (vote.Term, vote.Granted));
        Assert.Null(core.Status.Leader);
    }

    [Fact]
    public void Raft51_HigherTermAppendMakesAFollowerOfThatTermAndClearsTheVote()
    {
        var core = NewCore(B, Cluster(Three, term: 2, votedFor: "c"));

        var ready = core.Step(new AppendRequest(A.Id, 3, 1, 1, 0, [], 1, null));

        Assert.Equal((3L, (string?)null), (ready.Persist!.Term, ready.Persist.VotedFor));
        Assert.Equal(A, ready.Status.Leader);
    }

    [Fact]
    public void Raft53_AppendIsRefusedWhenThePreviousEntryDoesNotMatch()
    {
        var core = NewCore(B, Cluster(Three, term: 2));

        var reply = (AppendResponse)core.Step(new AppendRequest(A.Id, 2, 1, 5, 2, [new LogEntry(6, 2, null)], 6, null)).Reply!;

        Assert.False(reply.Success);
        Assert.Equal(1, reply.MatchIndex);
        Assert.Equal(1, core.Status.CommitIndex);
    }

    [Fact]
    public void Raft53_ConflictingEntriesAreReplacedAndCommitStopsAtTheLastVouchedEntry()
    {
        var state = new DurableState(2, null, new Snapshot(1, 0, Three), [new LogEntry(2, 1, null), new LogEntry(3, 1, null)]);
        var core = NewCore(B, state);

        var ready = core.Step(new AppendRequest(A.Id, 2, 1, 1, 0, [new LogEntry(2, 2, null)], 9, null));

        Assert.True(((AppendResponse)ready.Reply!).Success);
        Assert.Equal(2, ready.Status.CommitIndex);
        Assert.Equal(new Snapshot(2, 2, Three), ready.Persist!.Base);
        Assert.Empty(ready.Persist.Log);
    }

    [Fact]
    public void Raft7_JoiningNodeInstallsTheGooseBaseAndLearnsTheConfiguration()
    {
        var core = NewCore(D, DurableState.Empty);
        var four = new[] { A, B, C, D };

        var ready = core.Step(new AppendRequest(A.Id, 3, 1, 4, 3, [], 4, new Snapshot(4, 3, four)));

        Assert.True(((AppendResponse)ready.Reply!).Success);
        Assert.Equal(four, ready.Status.Members);
        Assert.Equal(new Snapshot(4, 3, four), ready.Persist!.Base);
        Assert.True(ready.Persist.HasMembership);
        Assert.Equal(A, ready.Status.Leader);
    }
}
