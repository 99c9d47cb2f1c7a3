using System.Globalization;

namespace DuckDuckGoose.Chaos;

/// <summary>The command line of <c>dotnet run --project tools/Chaos -- …</c>.</summary>
public sealed class ChaosOptions
{
    /// <summary>The exit code when the machine cannot run the suite (as automake's "skipped").</summary>
    public const int SkipExitCode = 77;

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project tools/Chaos -- [options]

        Builds a lab of network namespaces (ddgc-br with bridge br0 at 10.88.0.254, ddgc-n1.. with a node each at
        10.88.0.1..), runs real node processes in it, injects faults, probes every node's GET /status every 10 ms
        from the bridge, and checks the answers. Needs root, ip netns and nft; otherwise prints "SKIP: …" and exits 77.

        options:
          --scenario NAME        random (default), rolling-timing or heal
          --faults N             random: how many faults to inject, 1..100000 (default 200)
          --seed N               the seed of the fault sequence (default: a random one, printed)
          --nodes N              cluster size, 3..9 (default 5; rolling-timing 3)
          --trials N             rolling-timing (default 4) or heal (default 20): how many trials
          --probe-interval-ms MS one probe round every MS ms, 5..1000 (default 10)
          --probe-timeout-ms MS  how long one GET /status may take, 20..5000 (default 200)
          --run-dir PATH         where node data, logs, probes.csv and report.md go (default: a fresh /tmp/ddgc-chaos-… folder)
          --keep                 keep the run directory when the run passes (it is always kept on failure)
          --help                 this text

        exit codes: 0 no overlap and no term with two leaders (and one Goose agreed at the end); 1 otherwise or on
        an error; 2 bad arguments; 77 skipped; 130 interrupted. Environment: DUCK_ADMIN_TOKEN, when set, is given
        to every node and sent with step-downs; DUCK_CLUSTER_SECRET, when set, is given to every node (signed
        peer messages).
        """;

    /// <summary>What the run does.</summary>
    public ChaosScenario Scenario { get; private set; } = ChaosScenario.Random;

    /// <summary>How many faults the random scenario injects.</summary>
    public int Faults { get; private set; } = 200;

    /// <summary>The seed, when given.</summary>
    public int? Seed { get; private set; }

    /// <summary>The cluster size, when given.</summary>
    public int? Nodes { get; private set; }

    /// <summary>The number of trials, when given.</summary>
    public int? Trials { get; private set; }

    /// <summary>Milliseconds between probe rounds.</summary>
    public int ProbeIntervalMs { get; private set; } = 10;

    /// <summary>Timeout of one probe request, in milliseconds.</summary>
    public int ProbeTimeoutMs { get; private set; } = 200;

    /// <summary>The run directory, when given.</summary>
    public string? RunDirectory { get; private set; }

    /// <summary>Keep the run directory on success.</summary>
    public bool Keep { get; private set; }

    /// <summary>Whether this is the controller inside the bridge namespace (started by the outer process, not by hand).</summary>
    public bool Inner { get; private set; }

    /// <summary>Whether <c>--help</c> was asked for.</summary>
    public bool Help { get; private set; }

    /// <summary>The cluster size in force.</summary>
    public int NodeCount => Nodes ?? (Scenario == ChaosScenario.RollingTiming ? 3 : 5);

    /// <summary>The number of trials in force.</summary>
    public int TrialCount => Trials ?? (Scenario == ChaosScenario.RollingTiming ? 4 : 20);

    /// <summary>The scenario's name on the command line.</summary>
    public string ScenarioName => Scenario switch
    {
        ChaosScenario.RollingTiming => "rolling-timing",
        ChaosScenario.Heal => "heal",
        _ => "random",
    };

    /// <summary>Parses <paramref name="args"/>; false with a message naming the bad argument.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ChaosOptions options, out string? error)
    {
        options = new ChaosOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (name)
            {
                case "--help" or "-h":
                    options.Help = true;
                    continue;
                case "--keep":
                    options.Keep = true;
                    continue;
                case "--inner":
                    options.Inner = true;
                    continue;
            }

            if (value is null)
            {
                error = $"{name} needs a value";
                return false;
            }

            i++;
            switch (name)
            {
                case "--scenario":
                    ChaosScenario? scenario = value switch
                    {
                        "random" => ChaosScenario.Random,
                        "rolling-timing" => ChaosScenario.RollingTiming,
                        "heal" => ChaosScenario.Heal,
                        _ => null,
                    };
                    if (scenario is null)
                    {
                        error = $"--scenario {value}: expected random, rolling-timing or heal";
                        return false;
                    }

                    options.Scenario = scenario.Value;
                    break;
                case "--faults" when Int(value, 1, 100_000) is { } faults:
                    options.Faults = faults;
                    break;
                case "--seed" when Int(value, int.MinValue, int.MaxValue) is { } seed:
                    options.Seed = seed;
                    break;
                case "--nodes" when Int(value, 3, 9) is { } nodes:
                    options.Nodes = nodes;
                    break;
                case "--trials" when Int(value, 1, 10_000) is { } trials:
                    options.Trials = trials;
                    break;
                case "--probe-interval-ms" when Int(value, 5, 1000) is { } interval:
                    options.ProbeIntervalMs = interval;
                    break;
                case "--probe-timeout-ms" when Int(value, 20, 5000) is { } timeout:
                    options.ProbeTimeoutMs = timeout;
                    break;
                case "--run-dir":
                    options.RunDirectory = Path.GetFullPath(value);
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return false;
            }
        }

        return true;
    }

    /// <summary>The arguments for the controller inside the bridge namespace: these options with the seed and run directory decided.</summary>
    public IReadOnlyList<string> InnerArguments(int seed, string runDirectory)
    {
        var arguments = new List<string>
        {
            "--inner", "--scenario", ScenarioName, "--seed", Text(seed), "--nodes", Text(NodeCount), "--trials", Text(TrialCount),
            "--faults", Text(Faults), "--probe-interval-ms", Text(ProbeIntervalMs), "--probe-timeout-ms", Text(ProbeTimeoutMs),
            "--run-dir", runDirectory,
        };
        return arguments;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int? Int(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
}
