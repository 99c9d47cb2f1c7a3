using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Simulation;

/// <summary>Raft's uniform [min, 2*min) timer, as the bundled plugin does; kept here so the core tests need no plugin.</summary>
public sealed class UniformTimer : IElectionTimer
{
    public string Name => "uniform";

    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random) =>
        minimum + (minimum * random.NextDouble());
}
