using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreIdentityTests
{
    private const string Ours = "cluster-ours";
    private const string Theirs = "cluster-theirs";

    private static DurableState OurCluster(IReadOnlyList<Member> members, long term = 0) => Cluster(members, term) with { ClusterId = Ours };

    [Fact]
    public void AMessageNamingAnotherClusterIsRefusedBeforeAnyRuleAndChangesNothing()
    {
        var core = NewCore(B, OurCluster(Three, term: 2));

        var ready = core.Step(new AppendRequest(A.Id, 9, 1, 1, 0, [], 1, null) { Cluster = Theirs });

        Assert.Equal(PeerRefusal.ForeignCluster, ready.Refused?.Reason);
        Assert.Contains(Theirs, ready.Refused!.Detail, StringComparison.Ordinal);
        Assert.Null(ready.Reply);
        Assert.Null(ready.Persist);
        Assert.Equal(2, core.Status.Term);
        Assert.Null(core.Status.Leader);
    }

    [Fact]
    public void AVoteRequestFromAnotherClusterCannotRaiseTheTermOfAGoose()
    {
        var core = NewCore(A, OurCluster(Three));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true) { Cluster = Ours });
        core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false) { Cluster = Ours });
        Assert.Equal(NodeState.Leader, core.Status.State);

        var ready = core.Step(new VoteRequest(B.Id, 9, 100, 8, PreVote: false) { Cluster = Theirs });

        Assert.Equal(PeerRefusal.ForeignCluster, ready.Refused?.Reason);
        Assert.Equal((NodeState.Leader, 1L), (ready.Status.State, ready.Status.Term));
    }

    [Fact]
    public void EveryMessageTheCoreSendsCarriesItsClusterId()
    {
        var core = NewCore(A, OurCluster(Three));

        var preVote = TickUntil(core, r => r.Messages.Count > 0);
        var answer = core.Step(new VoteRequest(B.Id, 9, 1, 0, PreVote: true) { Cluster = Ours });

        Assert.All(preVote.Messages, e => Assert.Equal(Ours, e.Message.Cluster));
        Assert.Equal(Ours, answer.Reply!.Cluster);
    }

    [Fact]
    public void ANewcomerLearnsTheClusterIdFromItsGooseAndThenRefusesAnyOther()
    {
        var core = NewCore(D, DurableState.Empty);

        var caughtUp = core.Step(new AppendRequest(A.Id, 1, 1, 0, 0, [], 1, new Snapshot(1, 0, Three)) { Cluster = Ours });
        var stray = core.Step(new AppendRequest(B.Id, 7, 1, 1, 0, [], 1, null) { Cluster = Theirs });

        Assert.Equal(Ours, caughtUp.Persist!.ClusterId);
        Assert.Equal(Ours, caughtUp.Reply!.Cluster);
        Assert.Equal(PeerRefusal.ForeignCluster, stray.Refused?.Reason);
        Assert.Equal(1, core.Status.Term);
    }

    [Fact]
    public void ANodeHoldingAClusterFoundedWithoutAnIdRefusesAStampedGooseAndLearnsNothing()
    {
        // Found by the simulation (foreign joiners, seed 110017): a node that founded a cluster of its own
        // before clusters had ids held entries of the same index and term as the Goose's but other content,
        // answered with that match, and the Goose counted a commit only it and one other stored.
        var core = NewCore(D, Cluster([D], term: 2));

        var ready = core.Step(new AppendRequest(A.Id, 2, 1, 1, 0, [new LogEntry(2, 2, null)], 2, null) { Cluster = Ours });

        Assert.Equal(PeerRefusal.ForeignCluster, ready.Refused?.Reason);
        Assert.Contains("founded without an id", ready.Refused!.Detail, StringComparison.Ordinal);
        Assert.Null(ready.Reply);
        Assert.Null(ready.Persist);
        Assert.Null(core.Status.ClusterId);
    }

    [Fact]
    public void MessagesWithoutAClusterIdAreJudgedByTheOtherRules()
    {
        // State from before clusters had ids, on either side: the term and membership rules still apply.
        var core = NewCore(B, OurCluster(Three, term: 2));

        var ready = core.Step(new AppendRequest(A.Id, 3, 1, 1, 0, [], 1, null));

        Assert.Null(ready.Refused);
        Assert.Equal(A, ready.Status.Leader);
    }

    [Fact]
    public void Thesis41_AVoteRequestFromANonMemberWithNoNewerLogIsRefusedWithoutRaisingTheTerm()
    {
        var core = NewCore(B, Cluster(Three, term: 2));

        var ready = core.Step(new VoteRequest(D.Id, 8, 1, 0, PreVote: false));

        Assert.Equal(PeerRefusal.NotAMember, ready.Refused?.Reason);
        Assert.Null(ready.Persist);
        Assert.Equal(2, core.Status.Term);
    }

    [Fact]
    public void Thesis41_AVoteRequestFromANonMemberWhoseLogIsAheadIsJudgedAsAnyOther()
    {
        // D may be in a configuration B has not learned yet: servers vote without consulting their configuration.
        var core = NewCore(B, Cluster(Three, term: 2));
        Ticks(core, ElectionTicks);

        var ready = core.Step(new VoteRequest(D.Id, 3, 5, 2, PreVote: false));

        Assert.Null(ready.Refused);
        Assert.True(((VoteResponse)ready.Reply!).Granted);
        Assert.Equal(3, core.Status.Term);
    }

    [Fact]
    public void Thesis41_AGooseNotYetInTheConfigurationIsFollowed()
    {
        // D leads a configuration that added it, which B is about to learn from D itself.
        var core = NewCore(B, Cluster(Three, term: 2));

        var ready = core.Step(new AppendRequest(D.Id, 3, 1, 1, 0, [new LogEntry(2, 3, [A, B, C, D])], 1, null));

        Assert.Null(ready.Refused);
        Assert.True(((AppendResponse)ready.Reply!).Success);
        Assert.Equal(D, ready.Status.Leader);
    }

    [Fact]
    public void AReplyFromANodeOutsideTheConfigurationCannotDeposeTheGoose()
    {
        // D was removed (or never added): its reply of a later term must not reach the term rules.
        var core = Leader(out _);
        var term = core.Status.Term;

        var ready = core.Step(new AppendResponse(D.Id, term + 3, 1, false, 0));

        Assert.Equal(PeerRefusal.NotAMember, ready.Refused?.Reason);
        Assert.Equal((NodeState.Leader, term), (ready.Status.State, ready.Status.Term));
    }

    [Fact]
    public void TheNewcomerTheGooseIsCatchingUpIsHeard()
    {
        var core = Leader(out var elected);
        core.Step(new AppendResponse(B.Id, 1, elected.RoundStarted!.Value, true, 2));
        core.Propose(new MembershipCommand(1, MembershipChange.Add, D));

        var ready = core.Step(new AppendResponse(D.Id, 1, elected.RoundStarted.Value, true, 2));

        Assert.Null(ready.Refused);
        Assert.Contains(D, ready.Status.Members);
    }

    [Fact]
    public void ATimeoutNowFromANonMemberIsRefused()
    {
        var core = NewCore(B, Cluster(Three, term: 2));

        var ready = core.Step(new TimeoutNowRequest(D.Id, 2, 1));

        Assert.Equal(PeerRefusal.NotAMember, ready.Refused?.Reason);
        Assert.Equal((NodeState.Follower, 2L), (core.Status.State, core.Status.Term));
    }

    [Fact]
    public void AStepThatThrowsLetsNothingItDecidedLeave()
    {
        // A message the host's validation would have refused (a null entry) reaches the core directly.
        var core = NewCore(B, Cluster(Three, term: 2));

        Assert.ThrowsAny<Exception>(() => core.Step(new AppendRequest(A.Id, 3, 1, 1, 0, [null!], 1, null)));
        var next = core.Tick();

        Assert.Null(next.Reply);
        Assert.Empty(next.Messages);
        Assert.Equal(3, next.Persist?.Term);
    }
}
