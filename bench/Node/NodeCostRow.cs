namespace DuckDuckGoose.Bench.Node;

/// <summary>One row of the node-cost table.</summary>
/// <param name="Measure">What the row measures.</param>
/// <param name="DuckDuckGoose">DuckDuckGoose's figure, formatted.</param>
/// <param name="Baseline">The bare ASP.NET Core app's figure, formatted, or "—" when there is none.</param>
/// <param name="Ratio">DuckDuckGoose over baseline, formatted, or "—".</param>
/// <param name="Goal">The goal from issue 10, such as "≤ 1.5×".</param>
/// <param name="AtGoal">Whether the goal is met; null when the measurement failed.</param>
/// <param name="Detail">The single runs behind the figures, or why the measurement failed.</param>
internal sealed record NodeCostRow(string Measure, string DuckDuckGoose, string Baseline, string Ratio, string Goal, bool? AtGoal, string Detail)
{
    /// <summary>Replaces the report's yes/no when the goal cannot be judged (no baseline to compare with).</summary>
    public string? Verdict { get; init; }

    public bool Failed => AtGoal is null;

    public static NodeCostRow Failure(string measure, string goal, Exception error) =>
        new(measure, "failed", "failed", "—", goal, null, $"{error.GetType().Name}: {error.Message}");
}
