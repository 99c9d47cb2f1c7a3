namespace DuckDuckGoose.Simulation;

/// <summary>
/// Names of the notable things a run counts (<see cref="SimulatedCluster.Events"/>), so a test can show that the
/// fault it is about really happened and its check did not pass vacuously.
/// </summary>
public static class SimulationEvents
{
    public const string TimingRestart = "restarts with other timing";
    public const string ForeignCluster = "joiners with a cluster of their own";
    public const string StaleCopy = "joiners from a stale copy";
    public const string ForeignProposed = "foreign nodes proposed past the host's check";
    public const string OneWayCut = "one-way cuts";
    public const string LongStall = "stalls of 0.4-2.5 s";
    public const string LateMessage = "messages 0.2-2 s late";
    public const string Replay = "messages replayed 0.1-2 s later";
    public const string AfterRestart = "pre-crash messages after a restart";
    public const string CrashBeforeSave = "crashes between a step's requests and its save";
    public const string LateTimeoutNow = "TimeoutNow delivered after its hand-over gave up";
    public const string QuietPeriod = "quiet periods run";
    public const string RackCrash = "racks of non-voters crashed";
    public const string Leave = "members that asked to leave";
    public const string VoterTargetChange = "voter target changes asked";
    public const string Promote = "Autopilot promotions";
    public const string Demote = "Autopilot demotions";
    public const string Remove = "Autopilot removals";
}
