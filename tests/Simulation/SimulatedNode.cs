using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>One node of the simulation: a core, its durable state (survives crashes), and its lease on its own drifting clock.</summary>
public sealed class SimulatedNode(Member member, double clockRate, long leaseMicros)
{
    public Member Member { get; } = member;

    public string Id => Member.Id;

    /// <summary>Local clock micros per real micro (1.02 = runs 2% fast).</summary>
    public double ClockRate { get; } = clockRate;

    public ElectionCore? Core { get; set; }

    public DurableState Durable { get; set; } = DurableState.Empty;

    public LeaderLease Lease { get; set; } = new(leaseMicros);

    /// <summary>Bumped on every restart so ticks of an earlier life are ignored.</summary>
    public int Incarnation { get; set; }

    /// <summary>While real time is below this, the node's actor is stalled (a GC pause or disk stall).</summary>
    public long StalledUntil { get; set; }

    public bool Alive => Core is not null;

    /// <summary>State and term after the node's last step, to trace changes.</summary>
    public (NodeState State, long Term) LastSeen { get; set; }

    public long LocalNow(long realMicros) => (long)(realMicros * ClockRate);

    /// <summary>What GET /status would say at real time <paramref name="realMicros"/>: computed from the lease when read.</summary>
    public bool ReportsGooseAt(long realMicros) => Alive && Lease.IsHeldAt(LocalNow(realMicros));
}
