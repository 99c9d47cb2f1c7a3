using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// One node of the simulation: a core, its durable state (survives crashes), its own timing, and its lease on
/// its own drifting clock.
/// </summary>
public sealed class SimulatedNode
{
    internal SimulatedNode(int index, Member member, double clockRate, NodeTiming timing)
    {
        Index = index;
        Member = member;
        ClockRate = clockRate;
        Timing = timing;
        Lease = new LeaderLease(timing.LeaseMicros);
    }

    public Member Member { get; }

    public string Id => Member.Id;

    /// <summary>Local clock micros per real micro (1.02 = runs 2% fast).</summary>
    public double ClockRate { get; }

    /// <summary>The timing this node's current life runs (its core options and its lease).</summary>
    public NodeTiming Timing { get; internal set; }

    public ElectionCore? Core { get; internal set; }

    public DurableState Durable { get; internal set; } = DurableState.Empty;

    public LeaderLease Lease { get; internal set; }

    /// <summary>Whether this node belongs to the simulated cluster or still runs a cluster of its own.</summary>
    public NodeLineage Lineage { get; internal set; } = NodeLineage.Cluster;

    /// <summary>Bumped on every restart so ticks of an earlier life are ignored.</summary>
    public int Incarnation { get; internal set; }

    /// <summary>While real time is below this, the node's actor is stalled (a GC pause or disk stall).</summary>
    public long StalledUntil { get; internal set; }

    public bool Alive => Core is not null;

    /// <summary>Real time this node last became Leader (of <see cref="LastSeen"/>'s term when it still leads).</summary>
    public long LeaderSince { get; internal set; }

    /// <summary>In a large-cluster run: real time before which a crashed node stays down.</summary>
    internal long DownUntil { get; set; }

    /// <summary>Crashed for good: the heal does not start it again (a machine that is gone).</summary>
    public bool Gone { get; internal set; }

    /// <summary>State and term after the node's last step, to trace changes.</summary>
    public (NodeState State, long Term) LastSeen { get; internal set; }

    /// <summary>Set by a fault: crash in the middle of the next step whose requests leave before its save.</summary>
    public bool CrashBeforeSave { get; internal set; }

    /// <summary>The core's status after the node's last step (or at its start): what the host publishes.</summary>
    public CoreStatus? Published { get; internal set; }

    public long LocalNow(long realMicros) => (long)(realMicros * ClockRate);

    /// <summary>What GET /status would say at real time <paramref name="realMicros"/>: computed from the lease when read.</summary>
    public bool ReportsGooseAt(long realMicros) => Alive && Lease.IsHeldAt(LocalNow(realMicros));

    /// <summary>Position in the cluster's node list, for link tables.</summary>
    internal int Index { get; }

    /// <summary>Real time of this life's next tick.</summary>
    internal long NextTickAt { get; set; }

    /// <summary>Real time this life's clock counts ticks from (the host actor's start), so tick k is due at ClockStart + k ticks.</summary>
    internal long ClockStart { get; set; }

    /// <summary>Ticks this life's core has been advanced by.</summary>
    internal long TicksDone { get; set; }

    /// <summary>Real time the one-shot wake-up is armed for, or <see cref="long.MinValue"/> when it is not armed.</summary>
    internal long WakeAt { get; set; } = long.MinValue;

    /// <summary>The highest commit index already checked against the majority that stores it.</summary>
    internal long CheckedCommit { get; set; }

    /// <summary>A joiner not started yet: it will start from <see cref="PlannedState"/>, a copy of <see cref="CopyOf"/>'s state.</summary>
    internal bool Held { get; set; }

    internal string? CopyOf { get; set; }

    internal DurableState? PlannedState { get; set; }

    /// <summary>
    /// The log entries this node's durable state holds or has folded into its committed base, by reference: the
    /// simulation passes entries between nodes without copying, so the same object is the same entry.
    /// </summary>
    internal HashSet<LogEntry> Stored { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Messages that arrived while the actor was stalled, handled in order when it resumes.</summary>
    internal Queue<(RaftMessage Message, long SentAt, long ArrivedAt)> Inbox { get; } = new();

    /// <summary>A resume is scheduled for the end of the stall.</summary>
    internal bool ResumeScheduled { get; set; }

    /// <summary>The wake-up came during a stall: the resume catches the clock up and arms it again.</summary>
    internal bool TickStopped { get; set; }

    /// <summary>Bumped whenever the wake-up is armed afresh, so at most one wake-up is pending.</summary>
    internal int TickChain { get; set; }

    /// <summary>Messages sent to each node (by index) in the current 100 ms window, <see cref="SendWindow"/>.</summary>
    internal int[] SendCounts { get; set; } = [];

    internal long SendWindow { get; set; } = -1;

    /// <summary>This life's latest messages, some of which arrive again after a crash and restart.</summary>
    internal Queue<(SimulatedNode To, RaftMessage Message, long SentAt)> RecentSends { get; } = new();
}
