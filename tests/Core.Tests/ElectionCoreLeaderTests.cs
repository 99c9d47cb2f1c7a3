using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreLeaderTests
{
    [Fact]
    public void Raft8_NewGooseAppendsAnEntryOfItsOwnTermAndSendsIt()
    {
        var core = Leader(out var elected);

        Assert.Equal(new LogEntry(2, 1, null), elected.Persist!.Log.Single());
        var appends = elected.MessagesOf<AppendRequest>().ToList();
        Assert.Equal(2, appends.Count);
        Assert.All(appends, a => Assert.Equal(new LogEntry(2, 1, null), a.Entries.Single()));
        Assert.NotNull(elected.RoundStarted);
    }

    [Fact]
    public void Raft5442_EntryOfTheCurrentTermCommitsOnAMajority()
    {
        var core = Leader(out var elected);
        var round = elected.RoundStarted!.Value;

        var ready = core.Step(new AppendResponse(B.Id, 1, round, true, 2));

        Assert.Equal(2, ready.Status.CommitIndex);
        Assert.Equal(new Snapshot(2, 1, Three), ready.Persist!.Base);
    }

    [Fact]
    public void Thesis641_LeaseRoundIsReportedOnlyOnceAMajorityAcknowledgesIt()
    {
        var five = new[] { A, B, C, D, new Member("e", "http://e") };
        var core = NewCore(A, Cluster(five));
        TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, 1, true, true));
        core.Step(new VoteResponse(C.Id, 1, true, true));
        core.Step(new VoteResponse(B.Id, 1, true, false));
        var elected = core.Step(new VoteResponse(C.Id, 1, true, false));
        var round = elected.RoundStarted!.Value;
        Assert.Null(elected.QuorumRound);

        var one = core.Step(new AppendResponse(B.Id, 1, round, true, 2));
        var two = core.Step(new AppendResponse(C.Id, 1, round, false, 0));

        Assert.Null(one.QuorumRound);
        Assert.Equal(round, two.QuorumRound);
    }

    [Fact]
    public void Thesis62_GooseThatHearsNoMajorityStepsDownAfterTheMinimumElectionTimeout()
    {
        var core = Leader(out _);

        Ticks(core, ElectionTicks - 1);
        Assert.Equal(NodeState.Leader, core.Status.State);
        core.Tick();

        Assert.Equal(NodeState.Follower, core.Status.State);
        Assert.Null(core.Status.Leader);
        Assert.Equal(1, core.Status.Term);
    }

    [Fact]
    public void Thesis62_GooseThatKeepsHearingAMajorityStaysGoose()
    {
        var core = Leader(out _);

        for (var i = 0; i < ElectionTicks * 10; i++)
        {
            var ready = core.Tick();
            if (ready.RoundStarted is { } round)
            {
                core.Step(new AppendResponse(B.Id, 1, round, true, 2));
            }
        }

        Assert.Equal(NodeState.Leader, core.Status.State);
    }

    [Fact]
    public void Raft52_GooseSendsHeartbeatsEveryHeartbeatInterval()
    {
        var core = Leader(out _);

        var rounds = Enumerable.Range(0, HeartbeatTicks * 2).Select(_ => core.Tick()).Where(r => r.RoundStarted is not null).ToList();

        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, r => Assert.Equal(2, r.MessagesOf<AppendRequest>().Count()));
    }

    [Fact]
    public void Raft51_GooseStepsDownOnAReplyWithAHigherTerm()
    {
        var core = Leader(out var elected);

        var ready = core.Step(new AppendResponse(B.Id, 7, elected.RoundStarted!.Value, false, 0));

        Assert.Equal(NodeState.Follower, ready.Status.State);
        Assert.Equal(7, ready.Persist!.Term);
        Assert.Null(ready.Persist.VotedFor);
    }

    [Fact]
    public void Thesis641_GooseInItsLeaseIgnoresVoteRequestsWithHigherTerms()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var ready = core.Step(new VoteRequest(C.Id, 5, 9, 9, PreVote: false));

        Assert.False(((VoteResponse)ready.Reply!).Granted);
        Assert.Equal(NodeState.Leader, ready.Status.State);
        Assert.Equal(1, ready.Status.Term);
    }

    [Fact]
    public void Raft53_GooseBacksUpAndSendsItsBaseToAFollowerThatLacksIt()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));

        var ready = core.Step(new AppendResponse(C.Id, 1, elected.RoundStarted.Value, false, 0));

        var retry = ready.MessagesOf<AppendRequest>().Single();
        Assert.Equal(new Snapshot(2, 1, Three), retry.Snapshot);
        Assert.Equal(2, retry.PrevLogIndex);
        Assert.Empty(retry.Entries);
    }

    [Fact]
    public void GooseReportsEachPeersMatchIndexAndTicksSinceItWasHeard()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        Ticks(core, 3);

        var peers = core.MemberProgress;

        Assert.Equal(
            [new PeerProgress(B.Id, B.Url, Voter: true, 2, 3), new PeerProgress(C.Id, C.Url, Voter: true, 0, null)],
            peers.OrderBy(p => p.Id).ToList());
    }

    [Fact]
    public void GooseReportsACatchingUpLearnerAsNoVoter()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Add, D));

        var learner = core.MemberProgress.Single(p => p.Id == D.Id);

        Assert.Equal(new PeerProgress(D.Id, D.Url, Voter: false, 0, null), learner);
    }

    [Fact]
    public void DuckReportsNoPeers()
    {
        var core = NewCore(B, Cluster(Three, term: 1));

        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null));

        Assert.Empty(core.MemberProgress);
    }

    [Fact]
    public void Thesis62_CheckQuorumStepDownSaysWhy()
    {
        var core = Leader(out _);

        var ready = TickUntil(core, r => r.Status.State == NodeState.Follower);

        Assert.Equal(
            new StateTransition(NodeState.Leader, NodeState.Follower, 1, $"check-quorum: no majority heard for {ElectionTicks} ticks"),
            Assert.Single(ready.Transitions));
    }

    [Fact]
    public void Raft51_GooseThatSeesAHigherTermStepsDownAndSaysFromWhom()
    {
        var core = Leader(out _);

        var ready = core.Step(new AppendResponse(C.Id, 4, 1, false, 0));

        Assert.Equal("saw term 4 from c", Assert.Single(ready.Transitions).Reason);
    }

    [Fact]
    public void Thesis641_AReplyToARoundNotYetSentExtendsNoLease()
    {
        // A reply naming a round this Goose never sent (an earlier life's, or a forgery) is no acknowledgement.
        var core = Leader(out var elected);
        var round = elected.RoundStarted!.Value;

        var future = core.Step(new AppendResponse(B.Id, 1, round + 5, true, 2));
        var real = core.Step(new AppendResponse(B.Id, 1, round, true, 2));

        Assert.Null(future.QuorumRound);
        Assert.Equal(round, real.QuorumRound);
    }
}
