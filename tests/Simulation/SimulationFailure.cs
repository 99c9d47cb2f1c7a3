namespace DuckDuckGoose.Simulation;

/// <summary>An invariant broke in a simulated run; the message carries the seed and the recent trace.</summary>
public sealed class SimulationFailure(string message) : Exception(message);
