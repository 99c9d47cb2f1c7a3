namespace DuckDuckGoose.Core;

/// <summary>What the Goose's Autopilot did to the configuration (<see cref="AutopilotDecision"/>).</summary>
public enum AutopilotAction
{
    /// <summary>A healthy, caught-up non-voter got a voting seat.</summary>
    Promote,

    /// <summary>A voter lost its seat (unreachable, or more voters than the target) and stays a non-voter.</summary>
    Demote,

    /// <summary>A non-voter unheard for longer than the removal time left the configuration.</summary>
    Remove,
}
