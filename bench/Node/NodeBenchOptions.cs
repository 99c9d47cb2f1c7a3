using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node;

/// <summary>Command-line options of the node-cost benchmark.</summary>
/// <param name="Runs">Runs of each timed start (spawn to first 200, 3 nodes to an agreed Goose) and of each idle comparison with etcd; the median is reported.</param>
/// <param name="Output">The Markdown report's path, or null for standard output only.</param>
/// <param name="Trials">Failover trials per system.</param>
/// <param name="Plot">Where the failover plot (PNG) goes, or null for none.</param>
/// <param name="Rows">Which groups of rows to measure (<see cref="AllRows"/> by default).</param>
internal sealed record NodeBenchOptions(int Runs, string? Output, int Trials, string? Plot, IReadOnlySet<string> Rows)
{
    /// <summary>
    /// The groups of rows: start time, idle RSS and CPU (4 rows), idle CPU beside etcd at two settings (2 rows),
    /// 3 nodes to a Goose, /status throughput, failover.
    /// </summary>
    public static readonly IReadOnlyList<string> AllRows = ["start", "idle", "etcd", "agree", "throughput", "failover"];

    public const string Usage =
        "usage: dotnet run -c Release --project bench/Node -- [--runs N (default 3)] [--trials N (failover, default 20)] "
        + "[--output FILE | --output - (default bench/results/node.md)] [--plot FILE | --plot - (default docs/failover.png)] "
        + "[--only start,idle,etcd,agree,throughput,failover (default all)] [--help]";

    public static bool TryParse(string[] args, out NodeBenchOptions? options, [NotNullWhen(false)] out string? error)
    {
        var runs = 3;
        var trials = 20;
        string? output = Path.Combine(HostLocation.RepoRoot, "bench", "results", "node.md");
        string? plot = Path.Combine(HostLocation.RepoRoot, "docs", "failover.png");
        IReadOnlySet<string> rows = AllRows.ToHashSet();
        options = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    error = null;
                    return true;
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1:
                    runs = n;
                    i++;
                    break;
                case "--trials" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t >= 1:
                    trials = t;
                    i++;
                    break;
                case "--output" when i + 1 < args.Length:
                    output = args[i + 1] == "-" ? null : Path.GetFullPath(args[i + 1]);
                    i++;
                    break;
                case "--plot" when i + 1 < args.Length:
                    plot = args[i + 1] == "-" ? null : Path.GetFullPath(args[i + 1]);
                    i++;
                    break;
                case "--only" when i + 1 < args.Length && args[i + 1].Split(',') is var only && only.All(AllRows.Contains):
                    rows = only.ToHashSet();
                    i++;
                    break;
                default:
                    error = $"Unknown or incomplete option '{args[i]}' (--runs and --trials take a whole number of at least 1, --output and --plot a file or -, "
                            + $"--only a comma-separated list of {string.Join(", ", AllRows)}).";
                    return false;
            }
        }

        options = new NodeBenchOptions(runs, output, trials, plot, rows);
        error = null;
        return true;
    }
}
