using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Checking;

/// <summary>From <paramref name="AtMs"/> (run clock) on, <paramref name="State"/> was in force.</summary>
/// <param name="AtMs">When the injector started to carry the change out.</param>
/// <param name="State">The faults in force from then on.</param>
public sealed record FaultChange(double AtMs, FaultState State);
