namespace DuckDuckGoose.Chaos;

/// <summary>What a run does (<c>--scenario</c>).</summary>
public enum ChaosScenario
{
    /// <summary><c>random</c>: seeded random faults of every kind, healed at random.</summary>
    Random,

    /// <summary><c>rolling-timing</c>: a Goose whose election timeout differs from the others' is cut off.</summary>
    RollingTiming,

    /// <summary><c>heal</c>: the Goose and a Duck are cut off, the rest elect, then the partition heals.</summary>
    Heal,
}
