using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreCampaignTests
{
    [Fact]
    public void Raft52_ANodeThatFoundsAClusterElectsItselfOnItsFirstTick()
    {
        var core = NewCore(A, DurableState.Bootstrap(A, "cluster-1"));

        var ready = core.Tick();

        Assert.Equal(NodeState.Leader, ready.Status.State);
        Assert.Equal(1, ready.Status.Term);
        Assert.Equal("a", ready.Persist!.VotedFor);
        Assert.Equal(1, ready.Persist.Term);
    }

    [Fact]
    public void Thesis641_ARestartedSoleVoterStillWaitsOutTheLeaseItMayHaveAcknowledged()
    {
        // In term 3 it may have acknowledged a Goose (before that Goose removed itself): it owes that
        // promise for one minimum election timeout, but no randomized timeout on top.
        var core = NewCore(A, Cluster([A], term: 3), extraTicks: 40);

        Ticks(core, ElectionTicks - 1);
        Assert.Equal(NodeState.Follower, core.Status.State);

        var ready = TickUntil(core, r => r.Status.State == NodeState.Leader, max: 2);
        Assert.Equal(4, ready.Status.Term);
    }

    [Fact]
    public void Thesis641_ANodeInTermZeroOwesNoLeaseAndGrantsAVoteAtOnce()
    {
        var fresh = NewCore(B, Cluster(Three));
        var restarted = NewCore(C, Cluster(Three, term: 1));

        var request = new VoteRequest(A.Id, 2, 1, 0, PreVote: false);

        Assert.True(((VoteResponse)fresh.Step(request).Reply!).Granted);
        Assert.False(((VoteResponse)restarted.Step(request).Reply!).Granted);
    }

    [Fact]
    public void Thesis96_TimeoutStartsAPreVoteThatChangesNoTerm()
    {
        var core = NewCore(A, Cluster(Three, term: 4));

        var ready = TickUntil(core, r => r.Messages.Count > 0);

        var requests = ready.MessagesOf<VoteRequest>().ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.PreVote));
        Assert.All(requests, r => Assert.Equal(5, r.Term));
        Assert.Equal(4, ready.Status.Term);
        Assert.Null(ready.Persist);
        Assert.Equal(NodeState.Candidate, ready.Status.State);
    }

    [Fact]
    public void Thesis96_GrantedPreVotesFromAMajorityStartTheRealElection()
    {
        var core = NewCore(A, Cluster(Three, term: 4));
        TickUntil(core, r => r.Messages.Count > 0);

        var ready = core.Step(new VoteResponse(B.Id, 5, true, PreVote: true));

        Assert.Equal(5, ready.Status.Term);
        Assert.Equal((5L, "a"), (ready.Persist!.Term, ready.Persist.VotedFor));
        var requests = ready.MessagesOf<VoteRequest>().ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.False(r.PreVote));
    }

    [Fact]
    public void Thesis96_DeniedPreVotesNeverRaiseTheTerm()
    {
        var core = NewCore(A, Cluster(Three, term: 4));

        for (var round = 0; round < 10; round++)
        {
            TickUntil(core, r => r.Messages.Count > 0);
            core.Step(new VoteResponse(B.Id, 4, false, PreVote: true));
        }

        Assert.Equal(4, core.Status.Term);
        Assert.Equal(NodeState.Candidate, core.Status.State);
    }

    [Fact]
    public void Thesis96_PreVoteRequestChangesNothingOnTheVoter()
    {
        var core = NewCore(B, Cluster(Three, term: 4));
        Ticks(core, ElectionTicks);

        var ready = core.Step(new VoteRequest(A.Id, 5, 1, 0, PreVote: true));

        Assert.True(((VoteResponse)ready.Reply!).Granted);
        Assert.Null(ready.Persist);
        Assert.Equal(4, ready.Status.Term);
    }

    [Fact]
    public void Thesis96_AFollowerThatGrantsAPreVoteWaitsAFullTimeoutBeforeItsOwn()
    {
        // B's timeout is 5 ticks past the minimum; A's pre-vote comes 2 ticks before B's would fire.
        var core = NewCore(B, Cluster(Three, term: 4), extraTicks: 5);
        Ticks(core, ElectionTicks + 3);
        Assert.Equal(NodeState.Follower, core.Status.State);

        core.Step(new VoteRequest(A.Id, 5, 1, 0, PreVote: true));

        // Without the reset B would start its own pre-vote 2 ticks later and split A's election.
        Ticks(core, ElectionTicks + 4);
        Assert.Equal(NodeState.Follower, core.Status.State);
        Assert.Equal(NodeState.Candidate, core.Tick().Status.State);
    }

    [Fact]
    public void Thesis96_OfTwoNodesPreVotingForTheSameTermOnlyOneWinsItsPreVote()
    {
        var b = NewCore(B, Cluster(Three, term: 4));
        var c = NewCore(C, Cluster(Three, term: 4));
        var fromB = (VoteRequest)TickUntil(b, r => r.Messages.Count > 0).Messages.First(m => m.To == C).Message;
        var fromC = (VoteRequest)TickUntil(c, r => r.Messages.Count > 0).Messages.First(m => m.To == B).Message;

        // Equal logs: B has the lower id, so B refuses C and C yields to B.
        var bAnswers = (VoteResponse)b.Step(fromC).Reply!;
        var cYields = c.Step(fromB);

        Assert.False(bAnswers.Granted);
        Assert.True(((VoteResponse)cYields.Reply!).Granted);
        Assert.Equal(NodeState.Follower, cYields.Status.State);
        Assert.Equal(NodeState.Candidate, b.Status.State);
        Assert.Equal(5, b.Step((VoteResponse)cYields.Reply!).Status.Term);
    }

    [Fact]
    public void Raft51_ACandidateAsksTheVotersItLacksAgainEveryHeartbeatInterval()
    {
        var e = new Member("e", "http://e");
        var core = NewCore(A, Cluster([A, B, C, D, e]));
        TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, 1, true, PreVote: true));

        // Nothing before a heartbeat interval has passed; then the pre-vote again, to the voters that have not granted.
        for (var i = 1; i < HeartbeatTicks; i++)
        {
            Assert.Empty(core.Tick().Messages);
        }

        var again = core.Tick();
        Assert.Equal([C, D, e], again.Messages.Select(m => m.To));
        Assert.All(again.MessagesOf<VoteRequest>(), r => Assert.Equal((1L, true), (r.Term, r.PreVote)));

        // The real election's requests are asked again the same way, for the same term.
        core.Step(new VoteResponse(C.Id, 1, true, PreVote: true));
        core.Step(new VoteResponse(D.Id, 1, true, PreVote: false));
        Ticks(core, HeartbeatTicks - 1);
        var vote = core.Tick();
        Assert.Equal([B, C, e], vote.Messages.Select(m => m.To));
        Assert.All(vote.MessagesOf<VoteRequest>(), r => Assert.Equal((1L, false), (r.Term, r.PreVote)));
        Assert.Equal(1, core.Status.Term);
    }

    [Fact]
    public void Thesis641_APreVoteRefusedUnderTheLeaseOfAGooseThatDiedIsAskedAgainARoundLater()
    {
        // C, the Goose of term 1, dies after its last round reached B but before it reached A: A's timeout runs
        // out a round before B's promise to C does, and B refuses A's first pre-vote.
        var a = NewCore(A, Cluster(Three, term: 1));
        var b = NewCore(B, Cluster(Three, term: 1));
        a.Step(new AppendRequest(C.Id, 1, 1, 1, 0, [], 1, null));
        b.Step(new AppendRequest(C.Id, 1, 1, 1, 0, [], 1, null));
        Ticks(a, HeartbeatTicks);
        Ticks(b, HeartbeatTicks);
        b.Step(new AppendRequest(C.Id, 1, 2, 1, 0, [], 1, null));

        var refusals = 0;
        for (var tick = 1; tick <= 2 * ElectionTicks; tick++)
        {
            b.Tick();
            foreach (var request in a.Tick().Messages.Where(m => m.To == B).Select(m => m.Message).OfType<VoteRequest>())
            {
                var answer = Assert.IsType<VoteResponse>(b.Step(request).Reply);
                refusals += answer.Granted ? 0 : 1;
                if (a.Step(answer).Status.Term == 2)
                {
                    // Won a heartbeat interval after the refusal, not a whole new election timeout later.
                    Assert.Equal(1, refusals);
                    Assert.Equal(ElectionTicks, tick);
                    return;
                }
            }
        }

        Assert.Fail($"A did not win its pre-vote within {2 * ElectionTicks} ticks ({refusals} refusals); A {a.Status}, B {b.Status}");
    }

    [Fact]
    public void Raft52_CandidateWinsOnlyWithAMajority()
    {
        var five = new[] { A, B, C, D, new Member("e", "http://e") };
        var core = NewCore(A, Cluster(five));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, 1, true, PreVote: true));
        core.Step(new VoteResponse(C.Id, 1, true, PreVote: true));
        Assert.Equal(1, core.Status.Term);

        var one = core.Step(new VoteResponse(B.Id, 1, true, PreVote: false));
        Assert.Equal(NodeState.Candidate, one.Status.State);
        var duplicate = core.Step(new VoteResponse(B.Id, 1, true, PreVote: false));
        Assert.Equal(NodeState.Candidate, duplicate.Status.State);

        var two = core.Step(new VoteResponse(C.Id, 1, true, PreVote: false));
        Assert.Equal(NodeState.Leader, two.Status.State);
    }

    [Fact]
    public void Raft52_OneVotePerTermPersistedBeforeTheReply()
    {
        var core = NewCore(C, Cluster(Three));
        Ticks(core, ElectionTicks);

        var first = core.Step(new VoteRequest(A.Id, 1, 1, 0, PreVote: false));
        Assert.True(((VoteResponse)first.Reply!).Granted);
        Assert.Equal("a", first.Persist!.VotedFor);

        var second = core.Step(new VoteRequest(B.Id, 1, 1, 0, PreVote: false));
        Assert.False(((VoteResponse)second.Reply!).Granted);

        var again = core.Step(new VoteRequest(A.Id, 1, 1, 0, PreVote: false));
        Assert.True(((VoteResponse)again.Reply!).Granted);
    }

    [Fact]
    public void Raft51_RestartedNodeRemembersItsVote()
    {
        var voter = NewCore(C, Cluster(Three));
        Ticks(voter, ElectionTicks);
        var durable = voter.Step(new VoteRequest(A.Id, 1, 1, 0, PreVote: false)).Persist!;

        var restarted = NewCore(C, durable);
        Ticks(restarted, ElectionTicks);
        var reply = (VoteResponse)restarted.Step(new VoteRequest(B.Id, 1, 1, 0, PreVote: false)).Reply!;

        Assert.False(reply.Granted);
    }

    [Fact]
    public void Raft541_VoteRefusedToACandidateWithAnOlderLog()
    {
        var state = new DurableState(3, null, new Snapshot(1, 0, Three), [new LogEntry(2, 3, null)]);
        var core = NewCore(C, state);
        Ticks(core, ElectionTicks);

        var stale = (VoteResponse)core.Step(new VoteRequest(A.Id, 4, 5, 2, PreVote: false)).Reply!;
        var shorter = (VoteResponse)core.Step(new VoteRequest(A.Id, 4, 1, 3, PreVote: false)).Reply!;
        var current = (VoteResponse)core.Step(new VoteRequest(B.Id, 4, 2, 3, PreVote: false)).Reply!;

        Assert.False(stale.Granted);
        Assert.False(shorter.Granted);
        Assert.True(current.Granted);
    }

    [Fact]
    public void Thesis641_FollowerThatHeardAGooseRefusesVotesAndKeepsItsTerm()
    {
        var core = NewCore(C, Cluster(Three, term: 2));
        Ticks(core, ElectionTicks);
        core.Step(new AppendRequest(A.Id, 2, 1, 1, 0, [], 1, null));
        Ticks(core, ElectionTicks - 1);

        var vote = core.Step(new VoteRequest(B.Id, 3, 9, 9, PreVote: false));
        var pre = core.Step(new VoteRequest(B.Id, 3, 9, 9, PreVote: true));

        Assert.False(((VoteResponse)vote.Reply!).Granted);
        Assert.False(((VoteResponse)pre.Reply!).Granted);
        Assert.Equal(2, core.Status.Term);
        Assert.Equal(A, core.Status.Leader);

        core.Tick();
        var later = core.Step(new VoteRequest(B.Id, 3, 9, 9, PreVote: false));
        Assert.True(((VoteResponse)later.Reply!).Granted);
        Assert.Equal(3, core.Status.Term);
    }

    [Fact]
    public void Thesis641_FreshlyStartedNodeRefusesVotesForOneMinimumElectionTimeout()
    {
        // It may have acknowledged a Goose's heartbeat just before it crashed; that promise must outlive the restart.
        var core = NewCore(C, Cluster(Three, term: 2));

        var early = (VoteResponse)core.Step(new VoteRequest(B.Id, 3, 9, 9, PreVote: false)).Reply!;
        Ticks(core, ElectionTicks);
        var later = (VoteResponse)core.Step(new VoteRequest(B.Id, 3, 9, 9, PreVote: false)).Reply!;

        Assert.False(early.Granted);
        Assert.True(later.Granted);
    }

    [Fact]
    public void Raft52_GrantingAVoteResetsTheElectionTimer()
    {
        var core = NewCore(C, Cluster(Three));
        Ticks(core, ElectionTicks);
        core.Step(new VoteRequest(A.Id, 1, 1, 0, PreVote: false));

        Ticks(core, ElectionTicks - 1);
        Assert.Equal(NodeState.Follower, core.Status.State);
    }

    [Fact]
    public void Raft52_CandidateReturnsToFollowerOnHearingTheGooseOfItsTerm()
    {
        var core = NewCore(A, Cluster(Three));
        TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, 1, true, PreVote: true));

        var ready = core.Step(new AppendRequest(C.Id, 1, 1, 1, 0, [], 1, null));

        Assert.Equal(NodeState.Follower, ready.Status.State);
        Assert.Equal(C, ready.Status.Leader);
        Assert.True(((AppendResponse)ready.Reply!).Success);
    }

    [Fact]
    public void Thesis422_NodeOutsideItsConfigurationNeverCampaigns()
    {
        var core = NewCore(D, Cluster(Three));

        Ticks(core, ElectionTicks * 10);

        Assert.Equal(NodeState.Follower, core.Status.State);
        Assert.Equal(0, core.Status.Term);
    }

    [Fact]
    public void EachStateChangeOfAnElectionIsReportedWithItsReason()
    {
        var core = NewCore(A, Cluster(Three));

        var pre = TickUntil(core, r => r.Messages.Count > 0);
        var vote = core.Step(new VoteResponse(B.Id, 1, true, PreVote: true));
        var won = core.Step(new VoteResponse(C.Id, 1, true, PreVote: false));
        var again = TickUntil(core, r => r.Transitions.Count > 0);

        Assert.Equal(
            [
                new StateTransition(NodeState.Follower, NodeState.Candidate, 0, "election timeout: pre-vote for term 1"),
                new StateTransition(NodeState.Candidate, NodeState.Candidate, 1, "pre-vote won from b"),
                new StateTransition(NodeState.Candidate, NodeState.Leader, 1, "won votes from c"),
                new StateTransition(NodeState.Leader, NodeState.Follower, 1, $"check-quorum: no majority heard for {ElectionTicks} ticks"),
            ],
            new[] { pre, vote, won, again }.SelectMany(r => r.Transitions).ToList());
    }

    [Fact]
    public void RepeatedPreVotesAreOneStateChange()
    {
        var core = NewCore(A, Cluster(Three));

        var transitions = Enumerable.Range(0, ElectionTicks * 4).SelectMany(_ => core.Tick().Transitions).ToList();

        Assert.Single(transitions);
    }
}
