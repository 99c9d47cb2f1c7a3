using System.Diagnostics;
using DuckDuckGoose.Simulate;
using DuckDuckGoose.Simulation;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SimulateOptions.Usage);
    return 0;
}

if (args.Contains("--list"))
{
    foreach (var known in SimulationVariant.All.Concat(SimulationVariant.Large))
    {
        Console.WriteLine($"{known.Name,-16} {known.Description}");
    }

    return 0;
}

SimulateOptions options;
try
{
    options = SimulateOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SimulateOptions.Usage);
    return 2;
}

return options.Replay is { } replaySeed ? Replay(replaySeed, options.Variant ?? SimulationVariant.ForSeed(replaySeed)) : RunMany(options);

static int Replay(int seed, SimulationVariant variant)
{
    var cluster = variant.NewCluster(seed, fullTrace: true);
    var outcome = variant.Run(cluster);
    foreach (var line in cluster.FullTrace)
    {
        Console.WriteLine(line);
    }

    Console.WriteLine();
    if (outcome.Failure is { } failure)
    {
        Console.WriteLine(failure);
        return 1;
    }

    Console.WriteLine(outcome.NobodyCouldWin
        ? $"seed {seed} ({variant.Name}): passed; no Goose, and no electable voter could win"
        : $"seed {seed} ({variant.Name}): passed; a Goose {outcome.SettleMs} ms after the faults stopped; hand-overs done {outcome.HandOversDone} of {outcome.HandOversRequested}");
    return 0;
}

static int RunMany(SimulateOptions options)
{
    var batch = new SimulationBatch(options.Variant, options.FirstSeed, options.Seeds);
    Console.WriteLine($"{options.Seeds:N0} seeds from {options.FirstSeed:N0}, variant {options.Variant?.Name ?? $"by seed (all {SimulationVariant.All.Count})"}, {options.Threads} threads");
    var clock = Stopwatch.StartNew();
    var run = Task.Run(() => batch.Run(options.Threads));
    while (!run.Wait(TimeSpan.FromSeconds(options.ProgressSeconds)))
    {
        var done = batch.Done;
        var elapsed = clock.Elapsed;
        var rate = done / Math.Max(elapsed.TotalSeconds, 0.001);
        var eta = rate > 0 ? TimeSpan.FromSeconds((options.Seeds - done) / rate) : TimeSpan.Zero;
        Console.Error.WriteLine($"{done:N0} / {options.Seeds:N0} seeds, {rate:N0}/s, elapsed {elapsed:hh\\:mm\\:ss}, ETA {eta:hh\\:mm\\:ss}, failures {batch.Failures:N0}");
    }

    run.GetAwaiter().GetResult();
    clock.Stop();

    Console.WriteLine();
    Console.WriteLine($"{"variant",-16} {"seeds",10} {"failures",9} {"settle median",14} {"settle worst",13} {"hand-overs done",16}");
    foreach (var tally in batch.Tallies.Append(batch.Total))
    {
        var median = tally.SettleMedianMs is { } m ? $"{m} ms" : "-";
        var worst = tally.SettleWorstMs is { } w ? $"{w} ms" : "-";
        Console.WriteLine($"{tally.Variant,-16} {tally.Seeds,10:N0} {tally.Failures,9:N0} {median,14} {worst,13} {tally.HandOversDone,16:N0}");
    }

    Console.WriteLine();
    foreach (var tally in batch.Tallies.Where(t => t.Events.Count > 0))
    {
        Console.WriteLine($"{tally.Variant,-16} {tally.EventSummary()}");
    }

    Console.WriteLine();
    Console.WriteLine($"wall time {clock.Elapsed:hh\\:mm\\:ss\\.f} for {options.Seeds:N0} seeds ({options.Seeds / clock.Elapsed.TotalSeconds:N0} seeds/s on {options.Threads} threads)");
    var failed = batch.Tallies.Where(t => t.Failures > 0).ToList();
    if (failed.Count == 0)
    {
        return 0;
    }

    Console.WriteLine();
    foreach (var tally in failed)
    {
        Console.WriteLine($"{tally.Variant}: {tally.Failures:N0} failed; the lowest seeds:");
        foreach (var seed in tally.FailedSeeds)
        {
            var line = tally.FirstLines[seed];
            Console.WriteLine($"  {(line.Length > 220 ? line[..220] + " ..." : line)}");
        }
    }

    var shortest = failed.Select(t => t.ShortestFailure!).MinBy(f => f.Failure!.Length)!;
    Console.WriteLine();
    Console.WriteLine($"Shortest failure ({shortest.Variant}, seed {shortest.Seed}):");
    Console.WriteLine(shortest.Failure);
    Console.WriteLine();
    Console.WriteLine($"Replay: dotnet run -c Release --project tools/Simulate -- --replay {shortest.Seed} --variant {shortest.Variant}");
    return 1;
}
