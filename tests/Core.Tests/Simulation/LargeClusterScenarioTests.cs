using System.Diagnostics;
using DuckDuckGoose.Simulation;
using Xunit.Abstractions;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>
/// Issue 11's simulation at scale: 1,000 members (5 voters, 995 non-voters) through crashes, partitions, leaves,
/// voter-target changes and Autopilot churn, then failovers; smaller clusters of the same shape over more seeds.
/// Every event is checked as in every run (one leader per term, never two Geese at one instant, committed entries
/// on a majority of voters); the shape adds that every live member names each new Goose within its first words' time (at most a keep-alive) of
/// its election, that Autopilot fills every seat with a live voter and removes the members gone for good.
/// </summary>
public sealed class LargeClusterScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void A_thousand_members_keep_one_goose_and_every_live_member_learns_each_new_goose_within_a_keep_alive()
    {
        var variant = SimulationVariant.Find("large-1000");
        var clock = Stopwatch.StartNew();
        var cluster = variant.NewCluster(seed: 1_000);
        cluster.Run();
        clock.Stop();

        Report(cluster, clock.Elapsed);
        AssertShape(cluster, variant.Settings);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 8).Select(i => 1 + (i * 7919))];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_hundred_members_through_the_same_faults(int seed)
    {
        var variant = SimulationVariant.Find("large-100");
        var cluster = variant.NewCluster(seed);
        cluster.Run();

        Report(cluster, elapsed: null);
        AssertShape(cluster, variant.Settings);
    }

    private static void AssertShape(SimulatedCluster cluster, SimulationSettings settings)
    {
        // The first Goose and one per failover, each learned by every live member within its bound (the run fails otherwise).
        Assert.Equal(1 + settings.Failovers, cluster.Elections.Count);
        Assert.All(cluster.Elections, e => Assert.InRange(e.AllNamedMs, 0, e.BoundMs));
        Assert.All(cluster.Elections.Skip(1), e => Assert.NotNull(e.WithoutGooseMs));

        // The news reached many members, not a handful: most non-voters learned each Goose after it reported Goose.
        Assert.All(cluster.Elections, e => Assert.True(e.Learned > settings.NonVoters / 2, $"only {e.Learned} members learned of {e.Goose}"));

        // Autopilot had work and did it: the seat of the voter that died after the heal given away within the
        // stabilization time and 2 s, and every member gone for good removed (the run checks both and fails otherwise).
        // Not sooner than the stabilization time on the Goose's clock (up to MaxClockDrift fast), counted from the
        // dead voter's last reply (up to a heartbeat round before it died).
        var options = settings.CoreOptions;
        var stabilization = options.AutopilotStabilization.TotalMilliseconds;
        var earliest = (stabilization / (1 + settings.MaxClockDrift)) - (options.TickInterval * options.HeartbeatTicks).TotalMilliseconds;
        Assert.InRange(cluster.VoterReplacedMs, earliest, stabilization + 2_000);
        Assert.True(cluster.AutopilotSettledMs >= 0 && cluster.DeadVoterRemovedMs >= 0);
        Assert.True(cluster.Events.GetValueOrDefault(SimulationEvents.Promote) > 0, "Autopilot promoted nobody");
        Assert.True(cluster.Events.GetValueOrDefault(SimulationEvents.Remove) > 1, "Autopilot removed at most the dead voter");
        Assert.True(cluster.GoneNodes.Count > 1, "nothing was gone for good but the dead voter");
    }

    private void Report(SimulatedCluster cluster, TimeSpan? elapsed)
    {
        var failovers = cluster.Elections.Skip(1).ToList();
        output.WriteLine($"seed {cluster.Seed}: {cluster.Nodes.Count} members, {cluster.NowMs / 1000.0:F1} simulated s{(elapsed is { } e ? $" in {e.TotalSeconds:F1} s" : "")}");
        output.WriteLine($"first Goose {cluster.Elections[0].Goose}: every live member named it {cluster.Elections[0].AllNamedMs:F0} ms after its election (bound {cluster.Elections[0].BoundMs:F0} ms)");
        foreach (var f in failovers)
        {
            output.WriteLine($"failover to {f.Goose} (term {f.Term}): without a Goose {f.WithoutGooseMs:F0} ms, every live member named it {f.AllNamedMs:F0} ms after its election ({f.Learned} learned it)");
        }

        output.WriteLine($"Autopilot settled {cluster.AutopilotSettledMs} ms after the heal; a voter that died after it was replaced in {cluster.VoterReplacedMs} ms and removed {cluster.DeadVoterRemovedMs} ms after the last Goose's election; {cluster.GoneNodes.Count} gone for good, all removed");
        output.WriteLine(string.Join(", ", cluster.Events.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
    }
}
