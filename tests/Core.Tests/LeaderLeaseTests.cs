using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core.Tests;

public sealed class LeaderLeaseTests
{
    private static readonly CoreStatus Leader = new("a", NodeState.Leader, 1, null, [], 0, null);
    private static readonly CoreStatus Follower = Leader with { State = NodeState.Follower };

    private static Ready Ready(CoreStatus status, long? started = null, long? quorum = null) =>
        new(null, [], null, [], started, quorum, status, []);

    [Fact]
    public void LeaseRunsFromTheAcknowledgedRoundsStartNotFromTheAcknowledgement()
    {
        var lease = new LeaderLease(100);

        lease.Apply(Ready(Leader, started: 1), now: 1_000);
        lease.Apply(Ready(Leader, quorum: 1), now: 1_040);

        Assert.Equal(1_100, lease.ExpiresAt);
        Assert.True(lease.IsHeldAt(1_099));
        Assert.False(lease.IsHeldAt(1_100));
    }

    [Fact]
    public void ASoleVoterHoldsItsLeaseWithoutRoundsUntilItStopsLeading()
    {
        var lease = new LeaderLease(100);

        lease.Apply(Ready(Leader) with { SoleVoter = true }, now: 0);

        Assert.Equal(LeaderLease.Unbounded, lease.ExpiresAt);
        Assert.True(lease.IsHeldAt(long.MaxValue - 1));

        lease.Apply(Ready(Follower) with { SoleVoter = true }, now: 10);
        Assert.False(lease.IsHeldAt(10));
    }

    [Fact]
    public void ASoleVoterThatGainsAVoterHoldsItsLeaseForOneDurationFromThenUnlessARoundExtendsIt()
    {
        var lease = new LeaderLease(100);
        lease.Apply(Ready(Leader) with { SoleVoter = true }, now: 0);

        lease.Apply(Ready(Leader, started: 7), now: 1_000);

        Assert.Equal(1_100, lease.ExpiresAt);
        Assert.False(lease.IsHeldAt(1_100));
        lease.Apply(Ready(Leader, quorum: 7), now: 1_050);
        Assert.Equal(1_100, lease.ExpiresAt);
        lease.Apply(Ready(Leader, started: 8), now: 1_060);
        lease.Apply(Ready(Leader, quorum: 8), now: 1_070);
        Assert.Equal(1_160, lease.ExpiresAt);
    }

    [Fact]
    public void NoLeaseUntilAMajorityAcknowledges()
    {
        var lease = new LeaderLease(100);

        lease.Apply(Ready(Leader, started: 1), now: 0);

        Assert.False(lease.IsHeldAt(1));
    }

    [Fact]
    public void LeavingTheLeaderStateRevokesAtOnce()
    {
        var lease = new LeaderLease(100);
        lease.Apply(Ready(Leader, started: 1, quorum: 1), now: 0);

        lease.Apply(Ready(Follower), now: 10);

        Assert.False(lease.IsHeldAt(10));
    }

    [Fact]
    public void AnOlderRoundNeverShortensOrStretchesTheLease()
    {
        var lease = new LeaderLease(100);
        lease.Apply(Ready(Leader, started: 1), now: 0);
        lease.Apply(Ready(Leader, started: 2), now: 50);
        lease.Apply(Ready(Leader, quorum: 2), now: 60);

        lease.Apply(Ready(Leader, quorum: 1), now: 70);

        Assert.Equal(150, lease.ExpiresAt);
    }

    [Fact]
    public void HandOverRevokesTheLeaseBeforeTimeoutNowCanLeave()
    {
        var lease = new LeaderLease(100);
        lease.Apply(Ready(Leader, started: 1, quorum: 1), now: 0);

        lease.Apply(Ready(Leader with { TransferTarget = "b" }, started: 2, quorum: 2), now: 10);

        Assert.False(lease.IsHeldAt(10));
    }
}
