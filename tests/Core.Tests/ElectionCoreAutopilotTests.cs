using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;
using static DuckDuckGoose.Core.Tests.VoterCluster;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionCoreAutopilotTests
{
    [Fact]
    public void A_free_seat_goes_to_a_healthy_caught_up_non_voter()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 5);

        cluster.RunUntil(() => cluster.Member("d").IsVoter);

        var decision = Assert.Single(cluster.Decisions);
        Assert.Equal((AutopilotAction.Promote, "d"), (decision.Action, decision.Member.Id));
        Assert.Contains("3 voters of a target of 5", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_voter_unheard_for_the_stabilization_time_is_replaced_by_a_non_voter_then_demoted()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Run(HeartbeatTicks);
        cluster.Down(C);

        cluster.Run(StabilizationTicks - HeartbeatTicks - 1);
        Assert.Empty(cluster.Decisions);
        cluster.RunUntil(() => !cluster.Member("c").IsVoter, max: 200);

        Assert.Equal(
            [(AutopilotAction.Promote, "d"), (AutopilotAction.Demote, "c")],
            cluster.Decisions.Select(d => (d.Action, d.Member.Id)));
        Assert.Contains("c unheard for", cluster.Decisions[0].Reason, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "d"], cluster.Core.Status.Members.Where(m => m.IsVoter).Select(m => m.Id));
        Assert.Equal(NodeState.Leader, cluster.Core.Status.State);
    }

    [Fact]
    public void A_non_voter_that_does_not_answer_is_not_promoted()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 5, down: D);

        cluster.Run(StabilizationTicks * 2);

        Assert.Empty(cluster.Decisions);
        Assert.False(cluster.Member("d").IsVoter);
    }

    [Fact]
    public void The_seat_goes_to_the_highest_priority_and_priority_zero_only_when_nobody_else_is_left()
    {
        var zero = new Member("z", "http://z", Priority: 0, Voter: false);
        var high = NonVoterE with { Priority = 50 };
        var cluster = new VoterCluster([A, B, C, zero, NonVoterD, high], voters: 5);

        cluster.RunUntil(() => cluster.Core.Status.Members.Count(m => m.IsVoter) == 5);

        Assert.Equal(["e", "d"], cluster.Decisions.Select(d => d.Member.Id));
        Assert.False(cluster.Member("z").IsVoter);
    }

    [Fact]
    public void A_lower_target_demotes_the_lowest_priority_voter_and_never_the_Goose()
    {
        var cluster = new VoterCluster([A with { Priority = 1 }, B with { Priority = 9 }, C with { Priority = 5 }, D with { Priority = 7 }, E with { Priority = 8 }], voters: 5);
        cluster.Run(HeartbeatTicks);

        cluster.Step(c => c.SetVoters(new VotersCommand(1, 3)));
        cluster.RunUntil(() => cluster.Core.Status.Members.Count(m => m.IsVoter) == 3);

        Assert.Equal([(AutopilotAction.Demote, "c"), (AutopilotAction.Demote, "d")], cluster.Decisions.Select(d => (d.Action, d.Member.Id)));
        Assert.True(cluster.Member("a").IsVoter);
        Assert.Equal(NodeState.Leader, cluster.Core.Status.State);
    }

    [Fact]
    public void A_dead_voter_without_a_replacement_keeps_its_seat()
    {
        var cluster = new VoterCluster([A, B, C], voters: 3);
        cluster.Down(C);

        cluster.Run(StabilizationTicks * 3);

        Assert.Empty(cluster.Decisions);
        Assert.True(cluster.Member("c").IsVoter);
    }

    [Fact]
    public void A_non_voter_unheard_for_the_removal_time_is_removed_and_not_before()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD, NonVoterE], voters: 3);
        cluster.Down(E);

        cluster.Run(RemovalTicks - HeartbeatTicks);
        Assert.Empty(cluster.Decisions);
        cluster.RunUntil(() => cluster.Core.Status.Members.All(m => m.Id != "e"), max: 50);

        var decision = Assert.Single(cluster.Decisions);
        Assert.Equal((AutopilotAction.Remove, "e"), (decision.Action, decision.Member.Id));
        Assert.Contains(cluster.Core.Status.Members, m => m.Id == "d");
    }

    [Fact]
    public void A_demoted_voter_that_comes_back_stays_a_non_voter()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Down(C);
        cluster.RunUntil(() => !cluster.Member("c").IsVoter);

        cluster.Up(C);
        cluster.Run(StabilizationTicks * 2);
        var rejoin = cluster.Step(c => c.Propose(new MembershipCommand(1, MembershipChange.Add, C)));

        Assert.Equal(MembershipOutcome.Done, rejoin.Completed.Single().Outcome);
        Assert.False(cluster.Member("c").IsVoter);
        Assert.Equal(2, cluster.Decisions.Count);
    }

    [Fact]
    public void Autopilot_changes_nothing_until_the_new_Gooses_own_entry_commits()
    {
        // Thesis §4.1 with the 2015 fix: no change before an entry of the Goose's term commits. Neither voter
        // answers, so the no-op never commits, although a seat is free and D is healthy.
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 5, down: [B, C]);

        cluster.Run(ElectionTicks - 1);

        Assert.Empty(cluster.Decisions);
        Assert.False(cluster.Member("d").IsVoter);
        Assert.Equal(NodeState.Leader, cluster.Core.Status.State);
    }
}
