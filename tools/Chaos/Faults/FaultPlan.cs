namespace DuckDuckGoose.Chaos.Faults;

/// <summary>A seeded sequence of fault injections and heals; the same seed and node count always give the same plan.</summary>
/// <param name="Seed">The seed it was made from.</param>
/// <param name="NodeCount">The cluster size it was made for.</param>
/// <param name="Steps">Injections and heals in time order; every injected fault (but a step-down) is healed by a later step.</param>
public sealed record FaultPlan(int Seed, int NodeCount, IReadOnlyList<PlannedStep> Steps)
{
    /// <summary>The injected faults, in order.</summary>
    public IReadOnlyList<Fault> Faults => Steps.Where(s => !s.Heal).Select(s => s.Fault).ToList();

    /// <summary>When the last step is due, in milliseconds after the start.</summary>
    public double DurationMs => Steps.Count == 0 ? 0 : Steps[^1].AtMs;

    /// <summary>How many faults of each kind were injected (kinds with none included, as 0).</summary>
    public IReadOnlyDictionary<FaultKind, int> CountByKind() =>
        Enum.GetValues<FaultKind>().ToDictionary(k => k, k => Faults.Count(f => f.Kind == k));
}
