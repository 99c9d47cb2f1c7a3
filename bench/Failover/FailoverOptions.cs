using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>Command-line options of the failover benchmark.</summary>
/// <param name="Trials">Kills of the Goose per configuration.</param>
/// <param name="ElectionTimeoutMs">The election-timeout-ms of the main configuration (the host's default is 150).</param>
/// <param name="Compare">Also run the same trials with the election timeout doubled, for a side-by-side baseline.</param>
/// <param name="Output">The Markdown report's path, or null for standard output only.</param>
internal sealed record FailoverOptions(int Trials, int ElectionTimeoutMs, bool Compare, string? Output)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Failover -- [--trials N (default 25)] [--election-timeout-ms MS (default 150)]"
        + " [--no-compare (skip the doubled-timeout baseline)] [--output FILE | --output - (default bench/results/latest.md)]";

    /// <summary>The election timeouts to measure, in order.</summary>
    public IReadOnlyList<int> ElectionTimeouts => Compare ? [ElectionTimeoutMs, 2 * ElectionTimeoutMs] : [ElectionTimeoutMs];

    public static bool TryParse(string[] args, [NotNullWhen(true)] out FailoverOptions? options, [NotNullWhen(false)] out string? error)
    {
        var trials = 25;
        var timeout = 150;
        var compare = true;
        string? output = Path.Combine(HostLocation.RepoRoot, "bench", "results", "latest.md");
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--trials" when TryPositive(value, out trials):
                    i++;
                    break;
                case "--election-timeout-ms" when TryPositive(value, out timeout):
                    i++;
                    break;
                case "--no-compare":
                    compare = false;
                    break;
                case "--output" when value is not null:
                    output = value == "-" ? null : Path.GetFullPath(value);
                    i++;
                    break;
                default:
                    options = null;
                    error = $"unknown or invalid argument '{args[i]}'" + (value is null ? string.Empty : $" (followed by '{value}')");
                    return false;
            }
        }

        options = new FailoverOptions(trials, timeout, compare, output);
        error = null;
        return true;
    }

    private static bool TryPositive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
