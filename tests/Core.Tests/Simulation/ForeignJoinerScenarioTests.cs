using DuckDuckGoose.Contracts;
using DuckDuckGoose.Simulation;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>Adding a node whose data directory holds a cluster of its own, scripted, over many seeds of delays and clock drift.</summary>
public sealed class ForeignJoinerScenarioTests
{
    private static readonly SimulationSettings ThreePlusOne = new() { InitialVoters = 3, Joiners = 1 };

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 10).Select(i => i * 7919)];

    /// <summary>
    /// n4 was started without join: it founded a cluster of its own (term 3, entries up to index 7) and elected
    /// itself there, so its committed base runs past the real Goose's whole log. Then, like the host's join loop,
    /// whichever node leads is asked every 100 ms to add it (its higher term deposes the first Goose asked). Whatever the Goose decides, nothing may be thrown out of its core, it may not count n4 as storing
    /// entries n4 does not hold (the simulation checks every commit against the nodes' logs), and no two nodes may
    /// report Goose at once; afterwards the cluster still has a Goose.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void AddingANodeThatFoundedAClusterOfItsOwnNeitherCrashesNorSplitsTheCluster(int seed)
    {
        var cluster = new SimulatedCluster(seed, ThreePlusOne);
        cluster.Boot();
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        cluster.RunFor(300);

        var n4 = new Member("n4", "sim://n4");
        LogEntry[] own = [new(2, 1, null), new(3, 2, [n4]), new(4, 2, null), new(5, 3, null), new(6, 3, null), new(7, 3, null)];
        cluster.RestartWithState("n4", new DurableState(3, "n4", new Snapshot(1, 0, [n4]), own));
        cluster.RunFor(1_000);

        for (var i = 0; i < 30; i++)
        {
            cluster.AddAtLeader("n4");
            cluster.RunFor(100);
        }

        cluster.RunFor(1_000);
        Assert.True(cluster.Goose is not null, $"no Goose after n4 was added; last events:\n{cluster.RecentEvents}");
    }
}
