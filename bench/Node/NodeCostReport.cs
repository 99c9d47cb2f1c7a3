using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace DuckDuckGoose.Bench.Node;

/// <summary>Renders the node-cost rows as Markdown: the table, the load averages, then each row's single runs.</summary>
internal static class NodeCostReport
{
    public static string Render(NodeBenchOptions options, IReadOnlyList<NodeCostRow> rows, string built, string loadAtStart, string loadAtEnd)
    {
        var text = new StringBuilder();
        text.AppendLine("# What a node costs");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {built}; {options.Runs} runs per timed start; baseline: a bare ASP.NET Core minimal-API app answering `GET /status` (bench/Node/Bare).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min): {loadAtStart} at the start; {loadAtEnd} at the end.");
        text.AppendLine();
        text.AppendLine("| measure | DuckDuckGoose | bare ASP.NET Core | ratio | goal | at goal |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var atGoal = row.Verdict ?? row.AtGoal switch { true => "yes", false => "**no**", null => "failed" };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Measure} | {row.DuckDuckGoose} | {row.Baseline} | {row.Ratio} | {row.Goal} | {atGoal} |");
        }

        text.AppendLine();
        foreach (var row in rows.Where(r => r.Detail.Length > 0))
        {
            // A detail that starts with a line break is a nested list.
            text.AppendLine(CultureInfo.InvariantCulture, $"- {row.Measure}:{(row.Detail.StartsWith('\n') ? "" : " ")}{row.Detail}");
        }

        return text.ToString();
    }
}
