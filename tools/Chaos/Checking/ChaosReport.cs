using System.Globalization;
using System.Text;
using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Checking;

/// <summary>The markdown the checker's findings are reported in.</summary>
public static class ChaosReport
{
    private const int MaxListed = 15;

    /// <summary>Faults by kind, as planned and injected.</summary>
    public static string FaultTable(IReadOnlyDictionary<FaultKind, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var rows = counts.Select(c => (IReadOnlyList<string>)[Name(c.Key), Number(c.Value)]).ToList();
        rows.Add(["total", Number(counts.Values.Sum())]);
        return MarkdownTable.Render(["fault", "injected"], rows);
    }

    /// <summary>
    /// The checker's findings as a table of measures, followed by the overlaps, two-leader terms and disruptions
    /// themselves; <paramref name="context"/>, when given, adds what else was going on at each disruption's time.
    /// </summary>
    public static string ResultTable(CheckResult result, Func<double, string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var span = result.ToMs - result.FromMs;
        var failovers = result.FailoversMs;
        IReadOnlyList<IReadOnlyList<string>> rows =
        [
            ["probe rounds (instants)", string.Create(CultureInfo.InvariantCulture, $"{result.Rounds:N0} over {span / 1000:0.0} s ({result.Answers:N0} answers)")],
            ["rounds with two or more Geese (overlaps)", Number(result.OverlapRounds) + (result.Overlaps.Count > 0 ? $" in {result.Overlaps.Count} episode(s), longest {Ms(result.Overlaps.Max(o => o.DurationMs))}" : "")],
            ["terms with two leaders", Number(result.TwoLeaderTerms.Count)],
            ["time without a Goose, total", string.Create(CultureInfo.InvariantCulture, $"{result.NoGooseTotalMs / 1000:0.00} s ({(span > 0 ? 100 * result.NoGooseTotalMs / span : 0):0.0}%)")],
            ["longest time without a Goose", Ms(result.LongestNoGooseMs) + string.Create(CultureInfo.InvariantCulture, $" (from {result.LongestNoGooseAtMs / 1000:0.00} s)")],
            ["changes of Goose or term", string.Create(CultureInfo.InvariantCulture, $"{result.Changes.Count} ({result.Changes.Count(c => c.Explanation == "goose faulted")} after a fault of the Goose, {result.Changes.Count(c => c.Explanation == "step-down requested")} after a step-down)")],
            ["disruptions of a healthy Goose", Number(result.Disruptions.Count)],
            ["failovers (fault of the Goose to a new Goose)", failovers.Count == 0 ? "none"
                : $"{failovers.Count}: median {Ms(Percentiles.Of(failovers, 50)!.Value)}, p90 {Ms(Percentiles.Of(failovers, 90)!.Value)}, worst {Ms(failovers.Max())}"],
            ["Goose kept its role through a fault", Number(result.SurvivedFaults)],
        ];
        var text = new StringBuilder(MarkdownTable.Render(["measure", "value"], rows));
        List("Overlaps", result.Overlaps.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.StartMs / 1000:0.000} s: {o.Rounds} round(s), {Ms(o.DurationMs)}, Geese {Names(o.Nodes)}")));
        List("Terms with two leaders", result.TwoLeaderTerms.Select(t => $"term {t.Term}: {Names(t.Nodes)}"));
        List("Disruptions of a healthy Goose", result.Disruptions.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.AtMs / 1000:0.000} s: {d.Describe()}") + (context is null ? "" : $" ({context(d.AtMs)})")));
        return text.ToString();

        void List(string title, IEnumerable<string> lines)
        {
            var all = lines.ToList();
            if (all.Count == 0)
            {
                return;
            }

            text.Append('\n').Append(title).Append(" (run clock):\n");
            foreach (var line in all.Take(MaxListed))
            {
                text.Append("- ").Append(line).Append('\n');
            }

            if (all.Count > MaxListed)
            {
                text.Append(CultureInfo.InvariantCulture, $"- … {all.Count - MaxListed} more\n");
            }
        }
    }

    /// <summary>A kind's name as printed: <c>kill</c>, <c>one-way-cut</c>, …</summary>
    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.Kill => "kill -9 + restart",
        FaultKind.Stop => "SIGSTOP + SIGCONT",
        FaultKind.Partition => "symmetric partition",
        FaultKind.OneWayCut => "one-way cut",
        FaultKind.Delay => "delay",
        FaultKind.Loss => "loss",
        FaultKind.StepDown => "step-down (admin, not a fault)",
        _ => kind.ToString(),
    };

    /// <summary>Milliseconds, as <c>123 ms</c>.</summary>
    public static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");

    /// <summary>An optional number of milliseconds, or a dash.</summary>
    public static string Ms(double? ms) => ms is { } value ? Ms(value) : "-";

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Names(IEnumerable<int> nodes) => string.Join(", ", nodes.Select(n => $"n{n + 1}"));
}
