using DuckDuckGoose.Simulation;
using Xunit.Abstractions;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>Runs a variant over a range of seeds for a test: DUCK_SIM_SEEDS sets the budget (default 1000), tests take shares of it.</summary>
internal static class VariantRuns
{
    public static int SeedCount => int.TryParse(Environment.GetEnvironmentVariable("DUCK_SIM_SEEDS"), out var n) ? n : 1000;

    /// <summary>Runs <paramref name="count"/> seeds of <paramref name="variant"/> from <paramref name="firstSeed"/> on all cores and prints the tally.</summary>
    public static VariantTally Run(string variant, int firstSeed, int count, ITestOutputHelper output)
    {
        var batch = new SimulationBatch(SimulationVariant.Find(variant), firstSeed, count);
        batch.Run();
        var tally = batch.Tallies.SingleOrDefault() ?? new VariantTally(variant);
        output.WriteLine(tally.Summary());
        return tally;
    }

    /// <summary>Fails with the shortest failure (seed, replay command, trace) if any seed failed.</summary>
    public static void AssertNoFailures(VariantTally tally) =>
        Assert.True(
            tally.Failures == 0,
            $"{tally.Failures} of {tally.Seeds} seeds of {tally.Variant} failed (seeds {string.Join(", ", tally.FailedSeeds)}). Shortest:\n{tally.ShortestFailure?.Failure}");
}
