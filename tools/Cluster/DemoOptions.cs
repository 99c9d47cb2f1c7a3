using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DuckDuckGoose.Cluster;

/// <summary>Command-line options of the quick-start cluster.</summary>
internal sealed record DemoOptions(int Nodes, bool Keep)
{
    public const string Usage = "usage: dotnet run --project tools/Cluster [-- --nodes N (3..9, default 3)] [--keep (keep data and logs)]";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out DemoOptions? options, [NotNullWhen(false)] out string? error)
    {
        var nodes = 3;
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--nodes" when i + 1 < args.Length
                                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out nodes)
                                    && nodes is >= 1 and <= 9:
                    i++;
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    options = null;
                    error = $"unknown or invalid argument '{args[i]}'";
                    return false;
            }
        }

        options = new DemoOptions(nodes, keep);
        error = null;
        return true;
    }
}
