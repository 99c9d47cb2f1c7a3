namespace DuckDuckGoose.Cli;

/// <summary>Columns padded to their widest cell, two spaces apart, as <c>scripts/cluster.cs</c> draws them.</summary>
public sealed class TextTable(params string[] headings)
{
    private readonly List<string[]> _rows = [headings];

    /// <summary>Adds a row; missing cells are blank, extra cells are an error.</summary>
    public TextTable Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length > headings.Length)
        {
            throw new ArgumentException($"A row has {cells.Length} cells; the table has {headings.Length} columns.", nameof(cells));
        }

        _rows.Add([.. cells, .. Enumerable.Repeat(string.Empty, headings.Length - cells.Length)]);
        return this;
    }

    /// <summary>Rows added so far (not counting the headings).</summary>
    public int Count => _rows.Count - 1;

    /// <summary>The heading line and one line per row.</summary>
    public IReadOnlyList<string> Lines()
    {
        var widths = Enumerable.Range(0, headings.Length).Select(c => _rows.Max(r => r[c].Length)).ToArray();
        return _rows.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).ToList();
    }

    /// <summary>Writes <see cref="Lines"/> to <paramref name="writer"/>.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var line in Lines())
        {
            writer.WriteLine(line);
        }
    }
}
