using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>Joining: the join driver, and joiners that start with state of their own (a cluster of their own, or a stale copy).</summary>
public sealed partial class SimulatedCluster
{
    /// <summary>
    /// Like the host's join loop: keep asking a node that believes it leads to add every node it lacks. Adding a
    /// node that still runs a cluster of its own is a fault, so that stops with the faults.
    /// </summary>
    private void JoinDriver()
    {
        var missing = _nodes.FirstOrDefault(n => n.Alive && (_faulting || n.Lineage == NodeLineage.Cluster) && LeaderNode() is { } leader
            && !leader.Core!.Status.Members.Any(m => m.Id == n.Id) && (MayAdd(leader, n) || _random.Next(2) == 0));
        if (missing is not null)
        {
            if (!MayAdd(LeaderNode()!, missing))
            {
                Count(SimulationEvents.ForeignProposed);
            }

            ProposeAtLeader(MembershipChange.Add, missing.Member);
        }

        Schedule(100 * Ms, JoinDriver);
    }

    /// <summary>
    /// The host's check before it adds a node (AddMember answers 409 foreign-cluster): a node whose state names
    /// a cluster id other than the Goose's, or holds a cluster founded without an id (members but no id), is
    /// never proposed, unless the check got no answer (half the time here, while faulting): then the core has to
    /// refuse the node's messages, so it stays a learner that never catches up, and never becomes a member.
    /// </summary>
    private static bool MayAdd(SimulatedNode leader, SimulatedNode joiner) => joiner.Durable.ClusterId is { } id
        ? id == leader.Durable.ClusterId
        : !joiner.Durable.HasMembership || leader.Durable.ClusterId is null;

    /// <summary>
    /// A joiner that does not start empty. Half found a cluster of their own (started without join): some
    /// term, up to six extra entries, their own configuration; they elect themselves at once and run alone until
    /// the join driver adds them. The other half start later from a copy of an initial voter's durable state
    /// taken earlier in the run (a restored backup, a cloned disk).
    /// </summary>
    private void PlanForeignJoiner(SimulatedNode node, IReadOnlyList<Member> initial)
    {
        if (_random.Next(2) == 0)
        {
            SetState(node, ForeignState(node.Member));
            Count(SimulationEvents.ForeignCluster);
            Start(node);
            return;
        }

        node.Held = true;
        node.CopyOf = initial[_random.Next(initial.Count)].Id;
        var copyAt = _random.NextInt64(200 * Ms, _settings.FaultMs * Ms / 2);
        ScheduleAt(copyAt, () =>
        {
            node.PlannedState = Find(node.CopyOf).Durable;
            Trace($"{node.Id} will start from a copy of {node.CopyOf}'s state as of now (term {node.PlannedState.Term}, log to {LastIndex(node.PlannedState)})");
        });
        ScheduleAt(copyAt + _random.NextInt64(1_500 * Ms), () => StartHeld(node));
    }

    private DurableState ForeignState(Member self)
    {
        var term = _random.Next(0, 12);
        var extra = term == 0 ? 0 : _random.Next(0, 7);
        var entries = new List<LogEntry>();
        var entryTerm = 1L;
        for (var i = 0; i < extra; i++)
        {
            entryTerm = _random.NextInt64(entryTerm, term + 1);
            entries.Add(new LogEntry(2 + i, entryTerm, _random.Next(3) == 0 ? [self] : null));
        }

        var votedFor = term > 0 && _random.Next(2) == 0 ? self.Id : null;
        // Founded without join, it got a cluster id of its own, as the host gives every founded cluster; or,
        // founded by a version before cluster ids, it has none, so only the core's log checks keep it out.
        var clusterId = _random.Next(2) == 0 ? $"own-{self.Id}" : null;
        return new DurableState(term, votedFor, new Snapshot(1, 0, [self]), entries) { ClusterId = clusterId };
    }

    /// <summary>Whether any node ran a cluster of its own at some point of this run (only then is lineage tracked).</summary>
    private bool _foreignSeen;

    /// <summary>The id of the simulated cluster, which its initial voters were founded with.</summary>
    private const string ClusterId = "sim";

    private void StartHeld(SimulatedNode node)
    {
        if (!node.Held)
        {
            return;
        }

        node.Held = false;
        SetState(node, node.PlannedState ?? Find(node.CopyOf!).Durable);
        Count(SimulationEvents.StaleCopy);
        Start(node);
    }

    /// <summary>Gives a node a durable state from elsewhere: what it stores, and whether it is still a cluster of its own.</summary>
    private void SetState(SimulatedNode node, DurableState state)
    {
        node.Durable = state;
        node.Stored.Clear();
        node.Stored.UnionWith(state.Log);
        var members = Configuration(state);
        node.Lineage = state.HasMembership && !members.Any(m => m.Id != node.Id && _byId.TryGetValue(m.Id, out var n) && n.Lineage == NodeLineage.Cluster)
            ? NodeLineage.Foreign
            : NodeLineage.Cluster;
        _foreignSeen |= node.Lineage == NodeLineage.Foreign;
    }
}
