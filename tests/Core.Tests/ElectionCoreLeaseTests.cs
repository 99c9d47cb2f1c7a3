using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

/// <summary>The promise behind the lease when members' timing differs (Raft thesis §6.4.1), as during a rolling change of the timeout.</summary>
public sealed class ElectionCoreLeaseTests
{
    // A Goose restarted with election-timeout-ms 1000 (tick 10 ms): its lease is 1000 - 20 - 100 = 880 ms.
    private const long LongLeaseMs = 880;

    // 880 ms plus a ninth, in 10 ms ticks rounded up, plus one tick.
    private const int LongRefusalTicks = 99;

    private static AppendRequest Heartbeat(long term, long leaseMs, long round = 1) =>
        new(A.Id, term, round, 1, 0, [], 1, null, leaseMs);

    [Fact]
    public void Thesis641_AGooseAnnouncesItsLeaseInEveryAppendRequest()
    {
        var core = Leader(out var elected);

        var round = TickUntil(core, r => r.RoundStarted is not null);

        var options = new CoreOptions(A.Id, TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks);
        Assert.All(elected.MessagesOf<AppendRequest>().Concat(round.MessagesOf<AppendRequest>()), m => Assert.Equal(options.LeaseMs, m.LeaseMs));
        Assert.Equal(115, options.LeaseMs);
    }

    [Fact]
    public void Thesis641_AFollowerRefusesVotesForTheLongerLeaseOfAGooseWithOtherSettings()
    {
        var core = NewCore(B, Cluster(Three, term: 1));
        core.Step(Heartbeat(1, LongLeaseMs));

        // Well past its own 150 ms window, the promise to a Goose holding 880 ms still stands.
        Ticks(core, LongRefusalTicks - 1);
        var during = core.Step(new VoteRequest(C.Id, 2, 5, 1, PreVote: true));
        core.Tick();
        var after = core.Step(new VoteRequest(C.Id, 2, 5, 1, PreVote: true));

        Assert.False(((VoteResponse)during.Reply!).Granted);
        Assert.True(((VoteResponse)after.Reply!).Granted);
    }

    [Fact]
    public void Thesis641_AFollowerDoesNotCampaignWhileItHonoursALongerLease()
    {
        // Its own timer says 150 ms, but its own vote would break the promise it gave the Goose.
        var core = NewCore(B, Cluster(Three, term: 1));
        core.Step(Heartbeat(1, LongLeaseMs));

        var ticks = 0;
        TickUntil(core, r => { ticks++; return r.MessagesOf<VoteRequest>().Any(); }, max: 400);

        Assert.Equal(LongRefusalTicks, ticks);
    }

    [Fact]
    public void Thesis641_TheAnnouncedLeaseIsDurableBeforeTheAcknowledgementAndHonouredAfterARestart()
    {
        var core = NewCore(B, Cluster(Three, term: 1));

        var ready = core.Step(Heartbeat(1, LongLeaseMs));
        var restarted = NewCore(B, ready.Persist!);
        Ticks(restarted, LongRefusalTicks - 1);
        var refused = restarted.Step(new VoteRequest(C.Id, 2, 5, 1, PreVote: false));

        Assert.True(((AppendResponse)ready.Reply!).Success);
        Assert.Equal(LongLeaseMs, ready.Persist!.GooseLeaseMs);
        Assert.False(((VoteResponse)refused.Reply!).Granted);
        Assert.Equal(1, restarted.Status.Term);
    }

    [Fact]
    public void Thesis641_AnUnchangedLeaseIsNotWrittenAgain()
    {
        var core = NewCore(B, Cluster(Three, term: 1));
        core.Step(Heartbeat(1, LongLeaseMs));

        var again = core.Step(Heartbeat(1, LongLeaseMs, round: 2));

        Assert.Null(again.Persist);
    }

    [Fact]
    public void Thesis641_AShorterLeaseLeavesTheFollowersOwnWindow()
    {
        // A Goose with a 150 ms timeout holds 115 ms: a follower with the same settings refuses for its
        // own 15 ticks, as it always did, so failover is not slowed.
        var core = NewCore(B, Cluster(Three, term: 1));
        core.Step(Heartbeat(1, 115));

        Ticks(core, ElectionTicks - 1);
        var during = core.Step(new VoteRequest(C.Id, 2, 5, 1, PreVote: true));
        core.Tick();
        var after = core.Step(new VoteRequest(C.Id, 2, 5, 1, PreVote: true));

        Assert.False(((VoteResponse)during.Reply!).Granted);
        Assert.True(((VoteResponse)after.Reply!).Granted);
    }
}
