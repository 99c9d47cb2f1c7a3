using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>Shape of one simulated run. Times are in simulated milliseconds.</summary>
public sealed record SimulationSettings
{
    public int InitialVoters { get; init; } = 3;

    public int Joiners { get; init; } = 2;

    public int TickMs { get; init; } = 10;

    public int HeartbeatTicks { get; init; } = 5;

    public int ElectionTimeoutTicks { get; init; } = 15;

    /// <summary>Largest clock-rate error of a node, as a fraction (0.02 = a node's clock runs up to 2% fast or slow).</summary>
    public double MaxClockDrift { get; init; } = 0.02;

    /// <summary>How long faults (crashes, partitions, stalls, loss, duplication, slow links) are injected.</summary>
    public int FaultMs { get; init; } = 6_000;

    /// <summary>After faults stop, a Goose must appear within this bound.</summary>
    public int SettleBoundMs { get; init; } = 5_000;

    /// <summary>
    /// Gives every node a random priority from 0 to 3 (a quarter of them 0, which never stand for election)
    /// and runs the priority timer plugin instead of the uniform one.
    /// </summary>
    public bool RandomPriorities { get; init; }

    /// <summary>Fixed priorities of nodes n1, n2, ... (null entries: the default); runs the priority timer plugin.</summary>
    public IReadOnlyList<int?>? Priorities { get; init; }

    /// <summary>Whether nodes carry priorities and run the priority timer plugin.</summary>
    public bool UsesPriorities => RandomPriorities || Priorities is not null;

    /// <summary>The core options every simulated node runs with (the host derives the same from its settings).</summary>
    public CoreOptions CoreOptionsFor(string selfId) =>
        new(selfId, TimeSpan.FromMilliseconds(TickMs), HeartbeatTicks, ElectionTimeoutTicks);

    /// <summary>The lease the host would hold with these settings (<see cref="CoreOptions.LeaseDuration"/>).</summary>
    public double LeaseMs => CoreOptionsFor("lease").LeaseDuration.TotalMilliseconds;
}
