using System.Globalization;
using System.Text;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Watch;

/// <summary>
/// Shows each <see cref="WatchSnapshot"/>: redrawn in place on a terminal (as <c>scripts/cluster.cs</c> does),
/// printed with a time stamp whenever it changed when the output is a file or a pipe, or one JSON line per
/// refresh with <c>--json</c>.
/// </summary>
public sealed class WatchView(CliOutput output, Uri url)
{
    private static readonly string[] Headings = ["id", "url", "role", "state", "term", "goose", "voter", "heard"];
    private int _drawnLines;
    private string? _lastPrinted;

    /// <summary>Shows <paramref name="snapshot"/>.</summary>
    public void Show(WatchSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (output.Json)
        {
            output.WriteJsonLine(snapshot, CliJsonContext.Default.WatchSnapshot);
            return;
        }

        if (!output.OutputIsTerminal)
        {
            // Without the ever-changing last-heard column: a quiet cluster prints once, not every refresh.
            var unchanging = string.Join('\n', Lines(snapshot, withHeard: false));
            if (unchanging != _lastPrinted)
            {
                _lastPrinted = unchanging;
                var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"--- {snapshot.At:HH:mm:ss.fff}\n");
                foreach (var line in Lines(snapshot, withHeard: true))
                {
                    text.Append(line).Append('\n');
                }

                output.Out.Write(text.ToString());
            }

            return;
        }

        var screen = new StringBuilder();
        if (_drawnLines > 0)
        {
            // Back to the top of the last drawing, then clear to the end of the screen (ANSI CUU and ED).
            screen.Append(CultureInfo.InvariantCulture, $"\u001b[{_drawnLines}A\r\u001b[J");
        }

        var all = new List<string> { $"duckctl watch {NodeAddress.Format(url)}  {snapshot.At:HH:mm:ss}  (Ctrl+C ends)", "" };
        all.AddRange(Lines(snapshot, withHeard: true));
        foreach (var line in all)
        {
            screen.Append(line).Append('\n');
        }

        _drawnLines = all.Count;
        output.Out.Write(screen.ToString());
        output.Out.Flush();
    }

    /// <summary>A line naming the Goose (or saying there is none, or more than one), the table, and where the members came from.</summary>
    public static IReadOnlyList<string> Lines(WatchSnapshot snapshot, bool withHeard = true)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Error is { } error)
        {
            return [$"cannot read the cluster: {error}"];
        }

        var table = new TextTable(Headings);
        foreach (var row in snapshot.Members)
        {
            var s = row.Status;
            table.Add(
                row.Id,
                row.Url,
                s is null ? "no answer" : CliFormat.Role(s.Role),
                s?.State.ToString() ?? "-",
                s is null ? "-" : CliFormat.Number(s.Term),
                s?.Goose?.Id ?? "-",
                CliFormat.YesNo(row.Voter),
                withHeard && row.LastHeardMs is { } ms ? $"{CliFormat.Number(ms)} ms" : "-");
        }

        var geese = snapshot.Members.Where(r => r.Status?.Role == NodeRole.Goose).ToList();
        var voters = snapshot.Members.Count(r => r.Voter);
        var lines = new List<string>
        {
            geese switch
            {
                [] => "no Goose right now",
                [var g] => $"Goose: {g.Id} (term {CliFormat.Number(g.Status!.Term)}, {voters} voting member{(voters == 1 ? "" : "s")}"
                           + (snapshot.Members.Count > voters ? $", {snapshot.Members.Count - voters} non-voting" : "") + ")",
                _ => $"{geese.Count} members answered Goose: {string.Join(", ", geese.Select(g => g.Id))} (probes are not simultaneous; a lasting one is a bug)",
            },
        };
        lines.AddRange(table.Lines());
        lines.Add($"members from {snapshot.Source}" + (snapshot.SourceRole == NodeRole.Goose ? " (the Goose)" : " (not the Goose: no last-heard times)"));
        foreach (var row in snapshot.Members.Where(r => r.Error is not null))
        {
            lines.Add($"  {row.Id}: {row.Error}");
        }

        return lines;
    }
}
