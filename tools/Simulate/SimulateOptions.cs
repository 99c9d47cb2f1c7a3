using DuckDuckGoose.Simulation;

namespace DuckDuckGoose.Simulate;

/// <summary>The runner's settings: from the command line, then DUCK_SIM_SEEDS, then the defaults.</summary>
/// <param name="Seeds">How many seeds.</param>
/// <param name="FirstSeed">The first seed.</param>
/// <param name="Variant">The variant every seed runs, or null: each seed runs the one <see cref="SimulationVariant.ForSeed"/> gives it.</param>
/// <param name="Replay">A seed to replay alone with a full trace, or null.</param>
/// <param name="Threads">Worker threads (default: one per core).</param>
/// <param name="ProgressSeconds">Seconds between two progress lines.</param>
internal sealed record SimulateOptions(int Seeds, int FirstSeed, SimulationVariant? Variant, int? Replay, int Threads, int ProgressSeconds)
{
    public const int DefaultSeeds = 10_000;

    public const string Usage = """
        Runs seeded simulations of the election core (tests/Simulation) on all cores.

          dotnet run -c Release --project tools/Simulate [-- options]
          DUCK_SIM_SEEDS=1000000 dotnet run -c Release --project tools/Simulate

          --seeds N         how many seeds (default: DUCK_SIM_SEEDS, else 10000)
          --first-seed N    the first seed (default 0)
          --variant NAME    run every seed as NAME; "all" (the default): each seed runs the variant seed % count picks
          --replay N        run seed N alone (its variant: --variant, else the one seed N picks) and print its full trace
          --threads N       worker threads (default: one per core)
          --progress S      seconds between progress lines on stderr (default 5)
          --list            list the variants

        Exit code 0 when every seed passed, 1 when any failed (the shortest failure and its replay command are
        printed), 2 on bad arguments.
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public static SimulateOptions Parse(IReadOnlyList<string> args)
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("DUCK_SIM_SEEDS"), out var fromEnvironment) ? fromEnvironment : DefaultSeeds;
        var firstSeed = 0;
        SimulationVariant? variant = null;
        int? replay = null;
        var threads = Environment.ProcessorCount;
        var progress = 5;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number(int min)
            {
                var name = args[i];
                var text = Value();
                return int.TryParse(text, out var n) && n >= min ? n : throw new ArgumentException($"{name} takes a whole number of at least {min}, not '{text}'.");
            }

            switch (args[i])
            {
                case "--seeds":
                    seeds = Number(1);
                    break;
                case "--first-seed":
                    firstSeed = Number(0);
                    break;
                case "--variant":
                    var name = Value();
                    variant = name == "all" ? null : SimulationVariant.Find(name);
                    break;
                case "--replay":
                    replay = Number(0);
                    break;
                case "--threads":
                    threads = Number(1);
                    break;
                case "--progress":
                    progress = Number(1);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if ((long)firstSeed + seeds > int.MaxValue)
        {
            throw new ArgumentException($"Seeds {firstSeed} to {(long)firstSeed + seeds - 1} do not fit an int.");
        }

        return new SimulateOptions(seeds, firstSeed, variant, replay, threads, progress);
    }
}
