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

    [Fact]
    public void A_voter_that_leaves_hands_its_seat_to_a_healthy_non_voter_at_once_and_stays_a_non_voter()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Run(HeartbeatTicks * 2);

        var leave = cluster.Step(c => c.Leave(new LeaveCommand(1, C.Id)));
        cluster.RunUntil(() => !cluster.Member("c").IsVoter, max: HeartbeatTicks * 6);

        var done = leave.Completed.Single();
        Assert.Equal(MembershipOutcome.Done, done.Outcome);
        Assert.Contains("d takes c's seat", done.Detail, StringComparison.Ordinal);
        Assert.Equal([(AutopilotAction.Promote, "d"), (AutopilotAction.Demote, "c")], cluster.Decisions.Select(d => (d.Action, d.Member.Id)));
        Assert.Contains("c is leaving", cluster.Decisions[0].Reason, StringComparison.Ordinal);
        Assert.Contains(cluster.Core.Status.Members, m => m.Id == "c");
    }

    [Fact]
    public void A_non_voter_that_leaves_is_removed()
    {
        var cluster = new VoterCluster([A, B, C, NonVoterD], voters: 3);
        cluster.Run(HeartbeatTicks);

        cluster.Step(c => c.Leave(new LeaveCommand(1, D.Id)));
        cluster.RunUntil(() => cluster.Completed.Any(r => r.CommandId == 1), max: HeartbeatTicks * 4);

        Assert.Equal(MembershipOutcome.Done, cluster.Completed.Single(r => r.CommandId == 1).Outcome);
        Assert.DoesNotContain(cluster.Core.Status.Members, m => m.Id == "d");
        Assert.Empty(cluster.Decisions);
    }

    [Fact]
    public void A_voter_that_leaves_with_no_non_voter_to_replace_it_stays_a_voter()
    {
        var cluster = new VoterCluster(Three, voters: 3);
        cluster.Run(HeartbeatTicks);

        var leave = cluster.Step(c => c.Leave(new LeaveCommand(1, C.Id)));
        cluster.Run(StabilizationTicks);

        Assert.Contains("No non-voter can take c's seat", leave.Completed.Single().Detail, StringComparison.Ordinal);
        Assert.Empty(cluster.Decisions);
        Assert.True(cluster.Member("c").IsVoter);
    }

    [Fact]
    public void The_Goose_hands_over_before_it_leaves_and_a_Duck_names_the_Goose()
    {
        var cluster = new VoterCluster(Three, voters: 3);
        var self = cluster.Step(c => c.Leave(new LeaveCommand(1, A.Id))).Completed.Single();
        var duck = NewCore(B, Cluster(Three, term: 1));
        duck.Step(new AppendRequest(A.Id, 1, 1, 1, 0, [], 1, null));

        var notGoose = duck.Leave(new LeaveCommand(2, B.Id)).Completed.Single();

        Assert.Equal(MembershipOutcome.Rejected, self.Outcome);
        Assert.Contains("hands over leadership", self.Detail, StringComparison.Ordinal);
        Assert.Equal((MembershipOutcome.NotGoose, A), (notGoose.Outcome, notGoose.Goose));
    }
}
