using DuckDuckGoose.Contracts;
using DuckDuckGoose.Simulation;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>Priorities with the priority timer plugin, each scenario over many seeds of delays and clock drift.</summary>
public sealed class PriorityScenarioTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 50).Select(i => i * 7919)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ThePreferredNodeWinsThenAfterAnOutageStaysDuckUntilAStepDown(int seed)
    {
        var cluster = new SimulatedCluster(seed, new SimulationSettings { InitialVoters = 3, Joiners = 0, Priorities = [3, 1, 1] });
        cluster.Boot();

        // Its band [150, 200) ms lies wholly below the others' [250, 300) ms, so it stands first and wins.
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        var preferred = cluster.Goose!;
        Assert.Equal("n1", preferred.Id);

        cluster.Isolate(preferred.Id);
        cluster.RunFor(2_000);
        var stand = cluster.Goose;
        Assert.NotNull(stand);
        Assert.NotEqual(preferred.Id, stand.Id);

        // No automatic fail-back: pre-vote and the lease refuse the returning preferred node.
        cluster.HealPartition();
        cluster.RunFor(3_000);
        Assert.Equal(stand.Id, cluster.Goose?.Id);
        Assert.Equal(stand.Id, preferred.Core!.Status.Leader?.Id);
        Assert.Equal(NodeState.Follower, preferred.Core.Status.State);

        // A step-down without a target hands back to it: the highest priority among the voters heard.
        cluster.TransferAtLeader(null);
        cluster.RunFor(1_000);
        Assert.Equal(preferred.Id, cluster.Goose?.Id);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void VotersOfPriorityZeroKeepTheQuorumButNeverLead(int seed)
    {
        var cluster = new SimulatedCluster(seed, new SimulationSettings { InitialVoters = 5, Joiners = 0, Priorities = [0, 0, 1, 0, 2] });
        cluster.Boot();
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        var first = cluster.Goose!;
        Assert.Contains(first.Id, new[] { "n3", "n5" });

        // Once every node holds the Goose's entries, cut it off: the only other node that may stand takes
        // over with the votes of priority-0 nodes.
        cluster.RunFor(500);
        cluster.Isolate(first.Id);
        cluster.RunFor(2_000);
        Assert.Equal(first.Id == "n3" ? "n5" : "n3", cluster.Goose?.Id);

        // With both that may stand cut off, nobody campaigns: no Goose, and no term climbs on the rest.
        var rest = cluster.Nodes.Where(n => n.Id is "n1" or "n2" or "n4").ToList();
        var terms = rest.Select(n => n.Core!.Status.Term).ToList();
        cluster.Isolate("n3", "n5");
        cluster.RunFor(2_000);
        Assert.Null(cluster.Goose);
        Assert.Equal(terms, rest.Select(n => n.Core!.Status.Term).ToList());
        Assert.All(rest, n => Assert.Equal(NodeState.Follower, n.Core!.Status.State));
    }
}
