using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;
using static DuckDuckGoose.Core.Tests.VoterCluster;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreNonVoterTests
{
    // A keep-alive of 40 heartbeat rounds (the defaults have 33), so first words to 40 non-voters with 2 voting
    // followers (2 a round, 20 rounds) come within it.
    private const int LongKeepAliveTicks = 40 * HeartbeatTicks;
    // Dead non-voters are removed only after ten keep-alives, as with the defaults (1 s and 5 min), not after the
    // harness's short removal time.
    private static readonly CoreOptions LongKeepAlive = Options(A.Id) with
    {
        NonVoterKeepAlive = TimeSpan.FromMilliseconds(10 * LongKeepAliveTicks),
        DeadNonVoterRemoval = TimeSpan.FromMilliseconds(10 * 10 * LongKeepAliveTicks),
    };

    [Fact]
    public void A_newcomer_that_finds_every_seat_taken_joins_as_a_non_voter_at_once_without_catching_up_first()
    {
        var cluster = new VoterCluster(Three, voters: 3);
        cluster.Run(HeartbeatTicks);

        var add = cluster.Step(c => c.Propose(new MembershipCommand(1, MembershipChange.Add, D)));

        Assert.Equal([A, B, C, NonVoterD], add.Status.Members);
        Assert.Equal(3, add.Persist!.Log[^1].Voters);
        Assert.Contains(cluster.Core.MemberProgress, p => p is { Id: "d", Voter: false });
        Assert.Equal(MembershipOutcome.Done, cluster.Completed.Single(r => r.CommandId == 1).Outcome);
    }

    [Fact]
    public void A_newcomer_takes_a_free_seat_as_a_voter_after_catching_up()
    {
        var cluster = new VoterCluster(Three, voters: 5);
        cluster.Run(HeartbeatTicks);

        cluster.Step(c => c.Propose(new MembershipCommand(1, MembershipChange.Add, D)));

        Assert.Equal([A, B, C, D], cluster.Core.Status.Members);
        Assert.True(cluster.Member("d").IsVoter);
    }

    [Fact]
    public void A_member_that_asks_to_join_again_keeps_its_non_voting_place()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Run(HeartbeatTicks);

        var again = cluster.Step(c => c.Propose(new MembershipCommand(1, MembershipChange.Add, D)));

        Assert.Equal(MembershipOutcome.Done, again.Completed.Single().Outcome);
        Assert.False(cluster.Member("d").IsVoter);
    }

    [Fact]
    public void Non_voters_do_not_count_for_the_lease_round_or_for_a_commit()
    {
        var core = new ElectionCore(Options(A.Id), new DurableState(0, null, new Snapshot(1, 0, [A, B, C, NonVoterD, NonVoterE], 3), []), new FixedTimer(TimeSpan.Zero), new Random(1));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        Assert.Equal(["b", "c"], pre.Messages.Select(e => e.To.Id).Order());
        core.Step(new VoteResponse(B.Id, 1, true, PreVote: true));

        // A non-voter's grant does not count (it might vote, not knowing it was promoted, but it is no voter here).
        core.Step(new VoteResponse(D.Id, 1, true, PreVote: false));
        Assert.NotEqual(NodeState.Leader, core.Status.State);
        var elected = core.Step(new VoteResponse(B.Id, 1, true, PreVote: false));
        Assert.Equal(NodeState.Leader, elected.Status.State);
        var round = elected.RoundStarted!.Value;

        var byNonVoters = new[] { D, E }.Select(m => core.Step(new AppendResponse(m.Id, 1, round, true, 2))).ToList();
        Assert.All(byNonVoters, r => Assert.Null(r.QuorumRound));
        Assert.Equal(1, core.Status.CommitIndex);

        var byVoter = core.Step(new AppendResponse(C.Id, 1, round, true, 2));
        Assert.Equal(round, byVoter.QuorumRound);
        Assert.Equal(2, byVoter.Status.CommitIndex);
    }

    [Fact]
    public void A_non_voter_hears_the_Goose_every_keep_alive_not_every_heartbeat_round()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Run(HeartbeatTicks * 2);
        cluster.Sent.Clear();

        cluster.Run(KeepAliveTicks * 10);

        var toB = cluster.Sent.Count(s => s.To == "b");
        var toD = cluster.Sent.Count(s => s.To == "d");
        Assert.Equal(KeepAliveTicks * 10 / HeartbeatTicks, toB);
        Assert.InRange(toD, 9, 11);
    }

    [Fact]
    public void A_non_voter_learns_a_new_configuration_within_one_keep_alive()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Run(HeartbeatTicks * 2);
        cluster.Sent.Clear();

        cluster.Step(c => c.Propose(new MembershipCommand(1, MembershipChange.Add, E)));
        cluster.Run(KeepAliveTicks + HeartbeatTicks);

        var toD = cluster.Sent.Where(s => s.To == "d").Select(s => s.Request).ToList();
        Assert.Contains(toD, r => r.Entries.Any(e => e.Members?.Any(m => m.Id == "e") == true) || r.Snapshot?.Members.Any(m => m.Id == "e") == true);
        Assert.Contains(toD, r => r.CommitIndex == cluster.Core.Status.CommitIndex);
    }

    [Fact]
    public void A_new_Gooses_first_word_reaches_every_non_voter_at_about_the_rate_of_its_voter_heartbeats()
    {
        var nonVoters = Enumerable.Range(1, 40).Select(i => new Member($"nv{i}", $"http://nv{i}", Voter: false)).ToList();
        var cluster = new VoterCluster(LongKeepAlive, [A, B, C, .. nonVoters], voters: 3);
        var electedAt = cluster.Sent.Count;
        var firstWordTicks = LongKeepAlive.FirstWordTicks(3, nonVoters.Count);
        Assert.Equal(20 * HeartbeatTicks, firstWordTicks);
        Assert.DoesNotContain(cluster.Sent, s => s.To.StartsWith("nv", StringComparison.Ordinal));

        cluster.Run(firstWordTicks + HeartbeatTicks);

        var toNonVoters = cluster.Sent.Skip(electedAt).Where(s => s.To.StartsWith("nv", StringComparison.Ordinal)).ToList();
        Assert.All(nonVoters, m => Assert.Contains(toNonVoters, s => s.To == m.Id));
        var perRound = toNonVoters.GroupBy(s => s.Tick).Select(g => g.Count()).ToList();
        Assert.True(perRound.Max() <= nonVoters.Count / 5, $"about 2 a round, never a burst; rounds had {string.Join(", ", perRound)}");
        Assert.True(perRound.Count >= 10, $"spread over the rounds; {perRound.Count} rounds had first words");
    }

    [Fact]
    public void After_its_first_word_a_non_voter_hears_once_per_keep_alive_in_a_slot_of_its_own()
    {
        var nonVoters = Enumerable.Range(1, 40).Select(i => new Member($"nv{i}", $"http://nv{i}", Voter: false)).ToList();
        var cluster = new VoterCluster(LongKeepAlive, [A, B, C, .. nonVoters], voters: 3);
        cluster.Run(LongKeepAlive.FirstWordTicks(3, nonVoters.Count) + HeartbeatTicks);
        cluster.Sent.Clear();

        cluster.Run(LongKeepAliveTicks * 3);

        var toNonVoters = cluster.Sent.Where(s => s.To.StartsWith("nv", StringComparison.Ordinal)).ToList();
        Assert.All(nonVoters, m => Assert.InRange(toNonVoters.Count(s => s.To == m.Id), 2, 4));
        var perRound = toNonVoters.GroupBy(s => s.Tick).Select(g => g.Count()).ToList();
        Assert.True(perRound.Max() <= nonVoters.Count / 4, $"keep-alives spread over the keep-alive period; rounds had {string.Join(", ", perRound)}");
    }

    [Fact]
    public void A_non_voter_that_does_not_answer_gets_one_request_per_keep_alive_even_while_it_lacks_entries()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Down(D);
        cluster.Run(HeartbeatTicks);
        cluster.Sent.Clear();

        cluster.Run(KeepAliveTicks * 5);

        Assert.InRange(cluster.Sent.Count(s => s.To == "d"), 4, 6);
    }

    [Fact]
    public void A_non_voter_never_campaigns_however_long_it_hears_nobody()
    {
        var core = new ElectionCore(Options(D.Id), new DurableState(1, null, new Snapshot(1, 0, [A, B, C, NonVoterD], 3), []), new FixedTimer(TimeSpan.Zero), new Random(1));

        for (var i = 0; i < ElectionTicks * 20; i++)
        {
            var ready = core.Tick();
            Assert.Empty(ready.Messages);
        }

        Assert.Equal(NodeState.Follower, core.Status.State);
        Assert.Equal(int.MaxValue, core.TicksUntilDue);
    }

    [Fact]
    public void A_non_voter_names_the_Goose_between_keep_alives_and_forgets_it_after_two_of_them_and_a_timeout()
    {
        var core = new ElectionCore(Options(D.Id), new DurableState(1, null, new Snapshot(1, 0, [A, B, C, NonVoterD], 3), []), new FixedTimer(TimeSpan.Zero), new Random(1));
        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null, LeaseMs: 100));

        Ticks(core, KeepAliveTicks + ElectionTicks);
        Assert.Equal(A, core.Status.Leader);

        Ticks(core, (2 * KeepAliveTicks) + ElectionTicks - (KeepAliveTicks + ElectionTicks));
        Assert.Null(core.Status.Leader);
    }

    [Fact]
    public void The_voter_target_changes_through_the_Goose_and_rides_in_the_configuration()
    {
        var cluster = new VoterCluster(Three, voters: 3);
        cluster.Run(HeartbeatTicks);

        var set = cluster.Step(c => c.SetVoters(new VotersCommand(1, 5)));

        Assert.Equal(5, set.Persist!.Log[^1].Voters);
        Assert.Equal(Three, set.Persist.Log[^1].Members);
        Assert.Equal(MembershipOutcome.Done, cluster.Completed.Single(r => r.CommandId == 1).Outcome);
        Assert.Equal(5, cluster.Core.DurableState.Base.Voters);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(11)]
    public void A_voter_target_that_is_even_or_out_of_range_is_rejected_and_changes_nothing(int voters)
    {
        var cluster = new VoterCluster(Three, voters: 3);
        cluster.Run(HeartbeatTicks);
        var before = cluster.Core.DurableState;

        var set = cluster.Step(c => c.SetVoters(new VotersCommand(1, voters)));

        var result = set.Completed.Single();
        Assert.Equal(MembershipOutcome.Rejected, result.Outcome);
        Assert.Contains("voters", result.Detail, StringComparison.Ordinal);
        Assert.Null(set.Persist);
        Assert.Equal(before.Log, cluster.Core.DurableState.Log);
    }

    [Fact]
    public void A_Duck_refuses_a_voter_target_and_names_the_Goose()
    {
        var core = NewCore(B, Cluster(Three, term: 1));
        core.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null));

        var result = core.SetVoters(new VotersCommand(1, 5)).Completed.Single();

        Assert.Equal((MembershipOutcome.NotGoose, A), (result.Outcome, result.Goose));
    }
}
