namespace DuckDuckGoose.Core.Tests.Simulation;

/// <summary>Shape of one simulated run. Times are in simulated milliseconds.</summary>
internal sealed record SimulationSettings
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

    /// <summary>The core options every simulated node runs with (the host derives the same from its settings).</summary>
    public CoreOptions CoreOptionsFor(string selfId) =>
        new(selfId, TimeSpan.FromMilliseconds(TickMs), HeartbeatTicks, ElectionTimeoutTicks);

    /// <summary>The lease the host would hold with these settings (<see cref="CoreOptions.LeaseDuration"/>).</summary>
    public double LeaseMs => CoreOptionsFor("lease").LeaseDuration.TotalMilliseconds;
}
