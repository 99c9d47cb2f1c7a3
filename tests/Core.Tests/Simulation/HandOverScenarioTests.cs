using DuckDuckGoose.Simulation;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>A hand-over whose TimeoutNow arrives late, scripted, over many seeds of delays and clock drift.</summary>
public sealed class HandOverScenarioTests
{
    private static readonly SimulationSettings ThreeVoters = new() { InitialVoters = 3, Joiners = 0 };

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 20).Select(i => i * 7919)];

    /// <summary>
    /// The Goose hands over to a target, but the TimeoutNow is held back 200 ms: the hand-over gives up after
    /// one election timeout, the Goose appends its fencing no-op and commits it with the third node, while the
    /// link to the target is cut around the abort so the target lacks the no-op and still follows the Goose.
    /// When the TimeoutNow finally arrives, the target's log ends where it says; the healthy Goose must stay
    /// Goose and no node's term may rise (thesis §3.10: a hand-over that gave up is over; §9.6, §4.2.3: no
    /// disruption of a Goose a majority still hears).
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void ATimeoutNowArrivingAfterItsHandOverGaveUpNeverDeposesTheGoose(int seed)
    {
        var cluster = new SimulatedCluster(seed, ThreeVoters);
        cluster.Boot();
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        cluster.RunFor(500);
        var goose = cluster.Goose!;
        var term = goose.Core!.Status.Term;
        var target = cluster.Nodes.First(n => n != goose);

        var arrives = cluster.NowMs + 200;
        Assert.True(cluster.HandOverWithLateTimeoutNow(target.Id, deliverAtMs: arrives, cutUntilMs: arrives));
        cluster.RunFor(1_000);

        Assert.True(
            cluster.TransferResults.Count == 1 && cluster.TransferResults[0].Result.Outcome == MembershipOutcome.Busy,
            $"the hand-over did not give up as scripted; last events:\n{cluster.RecentEvents}");
        Assert.True(
            cluster.Goose == goose && cluster.Nodes.All(n => n.Core!.Status.Term == term),
            $"the Goose {goose.Id} of term {term} was deposed by a TimeoutNow of a hand-over that had given up; now Goose {cluster.Goose?.Id ?? "none"}, terms {string.Join(", ", cluster.Nodes.Select(n => $"{n.Id} {n.Core!.Status.Term}"))}; last events:\n{cluster.RecentEvents}");
    }
}
