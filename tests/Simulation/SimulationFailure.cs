namespace DuckDuckGoose.Simulation;

/// <summary>An invariant broke in a simulated run, or the core threw; the message carries the seed, the replay command and the recent trace.</summary>
public sealed class SimulationFailure(string message) : Exception(message);
