namespace DuckDuckGoose.Simulation;

/// <summary>What a simulated run does with its time.</summary>
public enum SimulationShape
{
    /// <summary>Random faults for <see cref="SimulationSettings.FaultMs"/>, then heal and settle (and a quiet period when asked).</summary>
    Chaos,

    /// <summary>A first Goose, then 3 s of hand-overs and Goose stalls under 20% loss with late TimeoutNow, then settle.</summary>
    HandOverStorm,

    /// <summary>
    /// Many members, few voters: a first Goose every non-voter learns; faults for <see cref="SimulationSettings.FaultMs"/>
    /// that crash voters for longer than Autopilot waits, crash and partition non-voters, make members leave and remove
    /// some for good; then heal, check Autopilot filled the seats and removed the dead, and kill the settled Goose
    /// <see cref="SimulationSettings.Failovers"/> times, each time checking that every live non-voter names the new Goose
    /// within its first words' time (at most a keep-alive) and a round of its election.
    /// </summary>
    LargeCluster,
}
