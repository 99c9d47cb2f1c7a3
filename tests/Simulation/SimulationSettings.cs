using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// Shape of one simulated run. Times are in simulated milliseconds. The defaults are the original run:
/// 3 voters and 2 joiners through crashes, partitions, stalls up to 400 ms, loss, duplication, slow links,
/// removals and hand-overs; each flag below adds one kind of fault or check.
/// </summary>
public sealed record SimulationSettings
{
    /// <summary>The variant's name, for the replay command a failure prints; null for a scripted scenario.</summary>
    public string? Name { get; init; }

    public SimulationShape Shape { get; init; } = SimulationShape.Chaos;

    public int InitialVoters { get; init; } = 3;

    public int Joiners { get; init; } = 2;

    /// <summary>Non-voting members in the founding configuration besides the <see cref="InitialVoters"/> (n{voters+1} on).</summary>
    public int NonVoters { get; init; }

    /// <summary>The founding configuration's voter target (<c>voters</c>); null: the default, 5.</summary>
    public int? VoterTarget { get; init; }

    /// <summary>The Goose's keep-alive to a non-voter with nothing to learn (<see cref="CoreOptions.NonVoterKeepAlive"/>); null: the core's default.</summary>
    public int? KeepAliveMs { get; init; }

    /// <summary>How long a voter is unheard before Autopilot gives its seat away (<see cref="CoreOptions.AutopilotStabilization"/>); null: the default.</summary>
    public int? AutopilotStabilizationMs { get; init; }

    /// <summary>How long a non-voter is unheard before Autopilot removes it (<see cref="CoreOptions.DeadNonVoterRemoval"/>); null: the default.</summary>
    public int? DeadNonVoterRemovalMs { get; init; }

    /// <summary>In a <see cref="SimulationShape.LargeCluster"/> run: how many times the settled Goose is killed after the faults.</summary>
    public int Failovers { get; init; } = 5;

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

    /// <summary>Each node starts with a timing drawn from <see cref="NodeTiming.Profiles"/> instead of <see cref="Timing"/>.</summary>
    public bool MixedTiming { get; init; }

    /// <summary>
    /// A fault restarts one node on its durable state with another of <see cref="NodeTiming.Profiles"/> (a rolling
    /// change of settings); another cuts the Goose off alone, which tests whether its lease fits its voters'.
    /// </summary>
    public bool RollingTimingChanges { get; init; }

    /// <summary>
    /// Joiners do not start empty: each either founded a cluster of its own (it was started without join: its own
    /// configuration, some term, maybe extra log entries, and it elects itself), or starts later from a stale copy
    /// of a member's durable state; the join driver adds them like any other.
    /// </summary>
    public bool ForeignJoiners { get; init; }

    /// <summary>Faults that drop one direction of a link (a → b lost, b → a delivered), one link or a whole side.</summary>
    public bool OneWayCuts { get; init; }

    /// <summary>A third of the actor stalls last 400 ms to 2.5 s, longer than any lease, instead of 20 to 400 ms.</summary>
    public bool LongStalls { get; init; }

    /// <summary>
    /// While faults run, 2% of messages take 200 ms to 2 s, 1% are delivered again 100 ms to 2 s later, and half
    /// of the restarts see some of the node's messages from before its crash arrive after it restarted.
    /// </summary>
    public bool LateMessages { get; init; }

    /// <summary>
    /// A fault hands over leadership while the TimeoutNow is held back until after the hand-over gave up and its
    /// fencing no-op committed, and the Goose-to-target link is cut around the abort so the target lacks the no-op.
    /// With a quiet period (<see cref="QuietMs"/>), half of the runs also pause the other faults 1.25 s before the end
    /// and hand over once more so that it gives up just before the end; that TimeoutNow is parked until the quiet
    /// period begins, and the Goose-to-target link stays cut until then (150 ms after the end at most), so the
    /// period begins with the target one entry behind and the TimeoutNow arriving.
    /// </summary>
    public bool LateTimeoutNow { get; init; }

    /// <summary>
    /// When above 0, after the faults stop and a Goose has settled (every node on its term, every member
    /// following it), a period this long without faults in which that Goose must never be deposed: its
    /// term never rises and it stays Goose.
    /// </summary>
    public int QuietMs { get; init; }

    /// <summary>Whether nodes carry priorities and run the priority timer plugin.</summary>
    public bool UsesPriorities => RandomPriorities || Priorities is not null;

    /// <summary>The timing every node runs unless <see cref="MixedTiming"/> or a timing change says otherwise.</summary>
    public NodeTiming Timing => new(TickMs, HeartbeatTicks, ElectionTimeoutTicks);

    /// <summary>The core options every simulated node runs with by default (the host derives the same from its settings).</summary>
    public CoreOptions CoreOptionsFor(string selfId) => CoreOptionsFor(selfId, Timing);

    /// <summary>The core options of a node running <paramref name="timing"/>, with this run's Autopilot and keep-alive settings.</summary>
    public CoreOptions CoreOptionsFor(string selfId, NodeTiming timing)
    {
        var options = timing.CoreOptionsFor(selfId);
        return options with
        {
            NonVoterKeepAlive = KeepAliveMs is { } keepAlive ? TimeSpan.FromMilliseconds(keepAlive) : options.NonVoterKeepAlive,
            AutopilotStabilization = AutopilotStabilizationMs is { } stabilization ? TimeSpan.FromMilliseconds(stabilization) : options.AutopilotStabilization,
            DeadNonVoterRemoval = DeadNonVoterRemovalMs is { } dead ? TimeSpan.FromMilliseconds(dead) : options.DeadNonVoterRemoval,
        };
    }

    /// <summary>The core options of <see cref="Timing"/> with this run's settings (the self id does not matter to the times).</summary>
    public CoreOptions CoreOptions => CoreOptionsFor("options");


    /// <summary>The lease the host would hold with the default timing (<see cref="CoreOptions.LeaseDuration"/>).</summary>
    public double LeaseMs => CoreOptionsFor("lease").LeaseDuration.TotalMilliseconds;
}
