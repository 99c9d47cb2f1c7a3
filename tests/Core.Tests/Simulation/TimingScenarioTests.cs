using DuckDuckGoose.Simulation;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>A rolling change of timing settings, scripted, each over many seeds of delays and clock drift.</summary>
public sealed class TimingScenarioTests
{
    // The host's defaults: election timeout 150 ms, heartbeat 30 ms, tick 10 ms.
    private static readonly SimulationSettings ThreeFast = new() { InitialVoters = 3, Joiners = 0, HeartbeatTicks = 3, ElectionTimeoutTicks = 15 };

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 20).Select(i => i * 7919)];

    /// <summary>
    /// n1 is restarted with a 1000 ms election timeout while n2 and n3 keep 150 ms, handed leadership, then cut
    /// off. Its lease (derived from its own settings: 880 ms) must not outlast the time n2 and n3 refuse votes
    /// for it (150 ms by theirs): the simulation checks after every event that no two nodes report Goose at once.
    /// n1 keeps the 30 ms heartbeat, so only the timeout differs (a 200 ms heartbeat, a fifth of 1000 ms, would
    /// also let n2 and n3 time out between two of its heartbeats: the mixed-timing variant runs that too).
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void AGooseWithALongerTimeoutThanItsVotersNeverOverlapsTheirNextGoose(int seed)
    {
        var cluster = new SimulatedCluster(seed, ThreeFast);
        cluster.Boot();
        Assert.True(cluster.RunUntilGoose(5_000), "no first Goose");
        cluster.RunFor(500);

        cluster.RestartWithTiming("n1", new NodeTiming(TickMs: 10, HeartbeatTicks: 3, ElectionTimeoutTicks: 100));
        cluster.RunFor(2_000);
        cluster.TransferAtLeader("n1");
        cluster.RunFor(1_000);
        Assert.True(cluster.Goose?.Id == "n1", $"n1 did not become Goose through the hand-over; last events:\n{cluster.RecentEvents}");

        cluster.Isolate("n1");
        cluster.RunFor(3_000);
        var goose = cluster.Goose;
        Assert.True(goose is not null && goose.Id != "n1", $"n2 and n3 did not elect a Goose without n1; last events:\n{cluster.RecentEvents}");
    }
}
