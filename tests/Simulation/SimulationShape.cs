namespace DuckDuckGoose.Simulation;

/// <summary>What a simulated run does with its time.</summary>
public enum SimulationShape
{
    /// <summary>Random faults for <see cref="SimulationSettings.FaultMs"/>, then heal and settle (and a quiet period when asked).</summary>
    Chaos,

    /// <summary>A first Goose, then 3 s of hand-overs and Goose stalls under 20% loss with late TimeoutNow, then settle.</summary>
    HandOverStorm,
}
