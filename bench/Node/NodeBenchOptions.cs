using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node;

/// <summary>Command-line options of the node-cost benchmark.</summary>
/// <param name="Runs">Runs of each timed start (spawn to first 200, 3 nodes to an agreed Goose); the median is reported.</param>
/// <param name="Output">The Markdown report's path, or null for standard output only.</param>
/// <param name="Only">The rows to measure by key (<see cref="RowKeys"/>), or null for all.</param>
internal sealed record NodeBenchOptions(int Runs, string? Output, IReadOnlySet<string>? Only = null)
{
    /// <summary>The keys <c>--only</c> takes: start time, single-node idle RSS and CPU, per-node CPU in a cluster, 3 nodes to a Goose.</summary>
    public static readonly IReadOnlyList<string> RowKeys = ["start", "idle", "cluster-cpu", "agree"];

    public const string Usage =
        "usage: dotnet run -c Release --project bench/Node -- [--runs N (default 3)] [--output FILE | --output - (default bench/results/node.md)] [--only start,idle,cluster-cpu,agree] [--help]";

    /// <summary>Whether the row with this key is measured.</summary>
    public bool Measures(string key) => Only is null || Only.Contains(key);

    public static bool TryParse(string[] args, out NodeBenchOptions? options, [NotNullWhen(false)] out string? error)
    {
        var runs = 3;
        string? output = Path.Combine(HostLocation.RepoRoot, "bench", "results", "node.md");
        HashSet<string>? only = null;
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
                case "--output" when i + 1 < args.Length:
                    output = args[i + 1] == "-" ? null : Path.GetFullPath(args[i + 1]);
                    i++;
                    break;
                case "--only" when i + 1 < args.Length && args[i + 1].Split(',').All(RowKeys.Contains):
                    only = [.. args[i + 1].Split(',')];
                    i++;
                    break;
                default:
                    error = $"Unknown or incomplete option '{args[i]}' (--runs takes a whole number of at least 1, --output a file or -, --only a comma-separated list of {string.Join(", ", RowKeys)}).";
                    return false;
            }
        }

        options = new NodeBenchOptions(runs, output, only);
        error = null;
        return true;
    }
}
