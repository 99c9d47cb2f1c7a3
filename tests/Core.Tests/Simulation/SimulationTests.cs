using DuckDuckGoose.Simulation;
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
        var transfers = new System.Collections.Concurrent.ConcurrentBag<SimulatedCluster>();
        Parallel.For(0, SeedCount, seed =>
        {
            var cluster = new SimulatedCluster(seed, new SimulationSettings());
            try
            {
                settle.Add(cluster.Run());
                transfers.Add(cluster);
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

        var outcomes = transfers.SelectMany(c => c.TransferOutcomes)
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        output.WriteLine($"hand-overs requested: {transfers.Sum(c => c.TransfersRequested)}; decided: {string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}"))}");

        if (!failures.IsEmpty)
        {
            Assert.Fail($"{failures.Count} of {SeedCount} seeds failed. Shortest:\n{failures.OrderBy(f => f.Length).First()}");
        }

        // The chaos really exercises hand-overs, including ones that complete (a checker that never sees
        // a hand-over succeed would pass vacuously).
        Assert.True(outcomes.GetValueOrDefault(Contracts.MembershipOutcome.Done) > 0, $"no hand-over completed in {SeedCount} seeds");
    }

    [Theory]
    [InlineData(3, 2, 30_000)]
    [InlineData(5, 0, 40_000)]
    public void WithRandomPrioritiesEverySeedKeepsOneGooseAndSettlesWhenSomeoneCan(int voters, int joiners, int firstSeed)
    {
        // A quarter of all nodes have priority 0: they must never campaign (checked on every transition),
        // the safety checks must hold as before, and a Goose must appear after the faults unless no voter
        // that may stand could win a majority's votes (then the run is counted, not failed).
        var settings = new SimulationSettings { InitialVoters = voters, Joiners = joiners, RandomPriorities = true };
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var settle = new System.Collections.Concurrent.ConcurrentBag<long>();
        var stuck = 0;
        var seeds = SeedCount / 2;
        Parallel.For(firstSeed, firstSeed + seeds, seed =>
        {
            var cluster = new SimulatedCluster(seed, settings);
            try
            {
                var settled = cluster.Run();
                if (cluster.NobodyCouldWin)
                {
                    Interlocked.Increment(ref stuck);
                }
                else
                {
                    settle.Add(settled);
                }
            }
            catch (SimulationFailure failure)
            {
                failures.Add(failure.Message);
            }
        });

        var sorted = settle.Order().ToList();
        output.WriteLine($"{seeds} seeds with random priorities ({voters} voters, {joiners} joiners); settled: {sorted.Count}, median {sorted.ElementAtOrDefault(sorted.Count / 2)} ms, worst {sorted.LastOrDefault()} ms; no electable voter could win: {stuck}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {seeds} seeds failed. Shortest:\n{failures.OrderBy(f => f.Length).FirstOrDefault()}");

        // Most runs must really settle, or the liveness check would pass vacuously.
        Assert.True(sorted.Count >= seeds * 3 / 4, $"only {sorted.Count} of {seeds} seeds settled ({stuck} could not)");
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
    public void HandOversUnderLossNeverShowTwoGeese()
    {
        var settings = new SimulationSettings { InitialVoters = 5, Joiners = 0 };
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var done = 0;
        Parallel.For(20_000, 20_000 + (SeedCount / 4), seed =>
        {
            var cluster = new SimulatedCluster(seed, settings);
            try
            {
                cluster.Boot();
                if (!cluster.RunUntilGoose(5_000))
                {
                    failures.Add($"seed {seed}: no first Goose");
                    return;
                }

                cluster.HandOverDriver(lossRate: 0.2, untilMs: cluster.NowMs + 3_000);
                cluster.RunFor(3_000);
                if (!cluster.RunUntilGoose(settings.SettleBoundMs))
                {
                    failures.Add($"seed {seed}: no Goose within {settings.SettleBoundMs} ms after the hand-overs");
                }

                Interlocked.Add(ref done, cluster.TransferOutcomes.GetValueOrDefault(Contracts.MembershipOutcome.Done));
            }
            catch (SimulationFailure failure)
            {
                failures.Add(failure.Message);
            }
        });

        output.WriteLine($"{SeedCount / 4} seeds of hand-overs under loss; {done} completed");
        Assert.True(failures.IsEmpty, $"{failures.Count} seeds failed. Shortest:\n{failures.OrderBy(f => f.Length).FirstOrDefault()}");
        Assert.True(done > 0, "no hand-over completed");
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
