using System.Text;

namespace DuckDuckGoose.Fuzz.Checking;

/// <summary>Renders a markdown table with padded columns, readable as plain text too.</summary>
public static class MarkdownTable
{
    /// <summary>The table of <paramref name="headers"/> and <paramref name="rows"/>.</summary>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        Line(headers);
        text.Append('|').AppendJoin('|', widths.Select(w => new string('-', w + 2))).Append("|\n");
        foreach (var row in all)
        {
            Line(row);
        }

        return text.ToString();

        void Line(IReadOnlyList<string> cells)
        {
            text.Append('|');
            for (var i = 0; i < widths.Length; i++)
            {
                text.Append(' ').Append((i < cells.Count ? cells[i] : "").PadRight(widths[i])).Append(" |");
            }

            text.Append('\n');
        }
    }
}
