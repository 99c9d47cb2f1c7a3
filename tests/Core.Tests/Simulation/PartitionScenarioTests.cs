using DuckDuckGoose.Simulation;
namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>Scripted partitions of a five-node cluster, each over many seeds of delays and clock drift.</summary>
public sealed class PartitionScenarioTests
{
    private static readonly SimulationSettings FiveVoters = new() { InitialVoters = 5, Joiners = 0 };

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 50).Select(i => i * 7919)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SplitFourToOneWithTheGooseAloneMovesTheGooseToTheFour(int seed)
    {
        var cluster = new SimulatedCluster(seed, FiveVoters);
        cluster.Boot();
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        cluster.RunFor(500);
        var lone = cluster.Goose!;
        var loneTerm = lone.Core!.Status.Term;

        cluster.Isolate(lone.Id);
        var isolatedAt = cluster.NowMs;
        cluster.RunFor(2_000);

        var goose = cluster.Goose;
        Assert.NotNull(goose);
        Assert.NotEqual(lone.Id, goose.Id);

        // The lone node stopped reporting Goose before the new one started (the run also checked this after every event).
        Assert.True(cluster.GooseSpans[lone.Id].Last < cluster.GooseSpans[goose.Id].First);
        Assert.True(cluster.GooseSpans[lone.Id].Last - isolatedAt <= FiveVoters.LeaseMs + 10, $"lone Goose reported Goose until {cluster.GooseSpans[lone.Id].Last - isolatedAt} ms after the split");

        // The lone node's pre-votes fail, so its term does not climb while it is cut off.
        Assert.Equal(loneTerm, lone.Core!.Status.Term);

        cluster.HealPartition();
        cluster.RunFor(2_000);
        Assert.Equal(goose.Id, cluster.Goose?.Id);
        Assert.Equal(goose.Core!.Status.Term, lone.Core.Status.Term);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SplitFourToOneWithADuckAloneKeepsTheGooseAndItsTerm(int seed)
    {
        var cluster = new SimulatedCluster(seed, FiveVoters);
        cluster.Boot();
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        cluster.RunFor(500);
        var goose = cluster.Goose!;
        var term = goose.Core!.Status.Term;
        var duck = cluster.Nodes.First(n => n != goose);

        cluster.Isolate(duck.Id);
        cluster.RunFor(2_000);
        cluster.HealPartition();
        cluster.RunFor(2_000);

        // Pre-vote: the returning Duck neither deposed the Goose nor raised the term.
        Assert.Equal(goose.Id, cluster.Goose?.Id);
        Assert.All(cluster.Nodes, n => Assert.Equal(term, n.Core!.Status.Term));
        Assert.Equal(goose.Id, duck.Core!.Status.Leader?.Id);
    }
}
