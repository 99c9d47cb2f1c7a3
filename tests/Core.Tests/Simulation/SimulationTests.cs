using Xunit.Abstractions;

namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>
/// Many seeded runs of <see cref="SimulatedCluster"/>. DUCK_SIM_SEEDS sets how many (default 1000);
/// a failure prints its seed, and DUCK_SIM_SEED=N replays that one seed with a full trace.
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    private static int SeedCount => int.TryParse(Environment.GetEnvironmentVariable("DUCK_SIM_SEEDS"), out var n) ? n : 1000;

    [Fact]
    public void EverySeedKeepsOneGooseAndSettles()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var settle = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, SeedCount, seed =>
        {
            try
            {
                settle.Add(new SimulatedCluster(seed, new SimulationSettings()).Run());
            }
            catch (SimulationFailure failure)
            {
                failures.Add(failure.Message);
            }
        });

        var sorted = settle.Order().ToList();
        if (sorted.Count > 0)
        {
            output.WriteLine($"{SeedCount} seeds; settle after faults (ms): median {sorted[sorted.Count / 2]}, worst {sorted[^1]}");
        }

        if (!failures.IsEmpty)
        {
            Assert.Fail($"{failures.Count} of {SeedCount} seeds failed. Shortest:\n{failures.OrderBy(f => f.Length).First()}");
        }
    }

    [Fact]
    public void FiveVotersSplitFourToOneKeepOneGoose()
    {
        var settings = new SimulationSettings { InitialVoters = 5, Joiners = 0 };
        var failures = Enumerable.Range(10_000, SeedCount / 4)
            .Select(seed =>
            {
                try
                {
                    new SimulatedCluster(seed, settings).Run();
                    return null;
                }
                catch (SimulationFailure failure)
                {
                    return failure.Message;
                }
            })
            .OfType<string>()
            .ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} seeds failed. First:\n{failures.FirstOrDefault()}");
    }

    [Fact]
    public void ReplaysOneSeed()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("DUCK_SIM_SEED"), out var seed))
        {
            seed = 42;
        }

        var cluster = new SimulatedCluster(seed, new SimulationSettings(), fullTrace: true);
        try
        {
            var settled = cluster.Run();
            output.WriteLine($"seed {seed} settled {settled} ms after faults stopped");
        }
        finally
        {
            foreach (var line in cluster.FullTrace.TakeLast(4000))
            {
                output.WriteLine(line);
            }
        }
    }
}
