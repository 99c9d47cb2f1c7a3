using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node;

/// <summary>Command-line options of the node-cost benchmark.</summary>
/// <param name="Runs">Runs of each timed start (spawn to first 200, 3 nodes to an agreed Goose); the median is reported.</param>
/// <param name="Output">The Markdown report's path, or null for standard output only.</param>
/// <param name="Only">Measure only the rows whose name contains this (for example "idle"), or null for all.</param>
internal sealed record NodeBenchOptions(int Runs, string? Output, string? Only = null)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Node -- [--runs N (default 3)] [--output FILE | --output - (default bench/results/node.md)] [--only TEXT (rows whose name contains it, e.g. idle)] [--help]";

    public static bool TryParse(string[] args, out NodeBenchOptions? options, [NotNullWhen(false)] out string? error)
    {
        var runs = 3;
        string? only = null;
        string? output = Path.Combine(HostLocation.RepoRoot, "bench", "results", "node.md");
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
                case "--only" when i + 1 < args.Length:
                    only = args[i + 1];
                    i++;
                    break;
                case "--output" when i + 1 < args.Length:
                    output = args[i + 1] == "-" ? null : Path.GetFullPath(args[i + 1]);
                    i++;
                    break;
                default:
                    error = $"Unknown or incomplete option '{args[i]}' (--runs takes a whole number of at least 1, --output a file or -, --only some text).";
                    return false;
            }
        }

        options = new NodeBenchOptions(runs, output, only);
        error = null;
        return true;
    }
}
