using DuckDuckGoose.Simulation;
using Xunit.Abstractions;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>
/// One test per fault variant of the simulation (<see cref="SimulationVariant.All"/>), each over a quarter of
/// DUCK_SIM_SEEDS, so a failure names the kind of fault that broke an invariant. Each also checks that its fault
/// really happened, so none passes vacuously. tools/Simulate runs all of them over a million seeds.
/// </summary>
public sealed class FaultVariantTests(ITestOutputHelper output)
{
    private static int Seeds => VariantRuns.SeedCount / 4;

    /// <summary>Per-node election timeouts (150 ms and 1000 ms) and restarts with other timing: a Goose's lease must fit the votes it relies on.</summary>
    [Fact]
    public void MixedTimingAndRollingTimingChangesKeepOneGoose() =>
        Check("mixed-timing", 50_000, SimulationEvents.TimingRestart);

    /// <summary>Joiners that founded a cluster of their own, or start from a stale copy: no exception out of the core, no commit without a majority, no second Goose.</summary>
    [Fact]
    public void ForeignAndStaleJoinersNeitherCrashTheGooseNorSplitTheCluster() =>
        Check("foreign-joiners", 60_000, SimulationEvents.ForeignCluster, SimulationEvents.StaleCopy, SimulationEvents.ForeignProposed);

    [Fact]
    public void OneWayCutsKeepOneGooseAndSettleAndTheGooseStays() =>
        Check("one-way-cuts", 70_000, SimulationEvents.OneWayCut, SimulationEvents.QuietPeriod);

    [Fact]
    public void StallsLongerThanTheLeaseKeepOneGooseAndSettleAndTheGooseStays() =>
        Check("long-stalls", 80_000, SimulationEvents.LongStall, SimulationEvents.QuietPeriod);

    /// <summary>Messages up to 2 s late, replayed, or from before a crash arriving after the restart; some of them land in the quiet period.</summary>
    [Fact]
    public void LateReplayedAndPreCrashMessagesKeepOneGooseAndSettleAndTheGooseStays() =>
        Check("late-messages", 90_000, SimulationEvents.LateMessage, SimulationEvents.Replay, SimulationEvents.AfterRestart, SimulationEvents.CrashBeforeSave, SimulationEvents.QuietPeriod);

    /// <summary>After the faults, a settled Goose stays Goose for 3 s, even when a TimeoutNow from a hand-over that gave up arrives then.</summary>
    [Fact]
    public void AfterTheFaultsASettledGooseIsNeverDeposed() =>
        Check("quiet", 100_000, SimulationEvents.QuietPeriod, SimulationEvents.LateTimeoutNow);

    [Fact]
    public void EveryFaultAtOnceKeepsOneGooseAndTheSettledGooseStays() =>
        Check("everything", 110_000, SimulationEvents.TimingRestart, SimulationEvents.ForeignCluster, SimulationEvents.OneWayCut, SimulationEvents.LongStall, SimulationEvents.LateMessage, SimulationEvents.CrashBeforeSave);

    private void Check(string variant, int firstSeed, params string[] mustHappen)
    {
        var tally = VariantRuns.Run(variant, firstSeed, Seeds, output);
        VariantRuns.AssertNoFailures(tally);
        foreach (var what in mustHappen)
        {
            Assert.True(tally.Count(what) > 0, $"{variant}: no {what} in {tally.Seeds} seeds; the check would pass vacuously");
        }

        // Most runs must reach the end and settle, or the checks after the faults would pass vacuously.
        Assert.True(tally.Settled >= tally.Seeds * 3 / 4, $"{variant}: only {tally.Settled} of {tally.Seeds} seeds settled");
    }
}
