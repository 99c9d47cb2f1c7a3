using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// Each node as the host runs it: an actor that starts on its durable state, ticks on its own clock, stalls and
/// resumes, calls into its core, and carries out each Ready in the host's order.
/// </summary>
public sealed partial class SimulatedCluster
{
    private void Start(SimulatedNode node)
    {
        node.Incarnation++;
        node.Inbox.Clear();
        node.ResumeScheduled = false;
        node.TickStopped = false;
        node.Lease = new LeaderLease(node.Timing.LeaseMicros);
        node.CheckedCommit = node.Durable.Base.Index;
        try
        {
            node.Core = new ElectionCore(node.Timing.CoreOptionsFor(node.Id), node.Durable, _timer, new Random(_random.Next()));
        }
        catch (Exception e)
        {
            throw CoreThrew(node, "ElectionCore(...)", e);
        }

        var timing = node.Timing == _settings.Timing ? "" : $", {node.Timing}";
        var foreign = node.Lineage == NodeLineage.Foreign ? ", a cluster of its own" : "";
        Trace($"{node.Id} starts (term {node.Durable.Term}, members {Names(node.Core.Status.Members)}{timing}{foreign})");
        ScheduleTick(node, node.Incarnation, ++node.TickChain, firstTick: true);
        if (_settings.LateMessages)
        {
            ReplayFromBeforeCrash(node);
        }
    }

    private void Crash(SimulatedNode node, string reason)
    {
        Trace(reason);
        node.Core = null;
        node.Lease.Revoke();

        // What waited in its memory is gone with it.
        foreach (var id in _undecidedSelfRemovals.Where(c => c.Value == node).Select(c => c.Key).ToList())
        {
            _undecidedSelfRemovals.Remove(id);
        }
    }

    private void ScheduleTick(SimulatedNode node, int incarnation, int chain, bool firstTick = false)
    {
        // A node ticks every tick of its own clock; the first tick comes at a random phase.
        var local = node.Timing.TickMs * Ms;
        var real = (long)(local / node.ClockRate);
        var delay = firstTick ? _random.NextInt64(1, real + 1) : real;
        node.NextTickAt = _now + delay;
        ScheduleAt(_now + delay, () =>
        {
            if (!node.Alive || node.Incarnation != incarnation || node.TickChain != chain)
            {
                return;
            }

            if (_now < node.StalledUntil)
            {
                // A stalled actor misses its ticks (a periodic timer does not queue them up); they start
                // again, at a new phase, when it resumes.
                node.TickStopped = true;
                ScheduleResume(node);
                return;
            }

            Apply(node, Call(node, static core => core.Tick(), "Tick()"), requester: null);
            ScheduleTick(node, incarnation, chain);
        });
    }

    private void ScheduleResume(SimulatedNode node)
    {
        if (node.ResumeScheduled)
        {
            return;
        }

        node.ResumeScheduled = true;
        var incarnation = node.Incarnation;
        ScheduleAt(Math.Max(_now, node.StalledUntil), () =>
        {
            if (node.Incarnation == incarnation && node.ResumeScheduled)
            {
                node.ResumeScheduled = false;
                Resume(node);
            }
        });
    }

    /// <summary>The stall is over (or was ended by the heal): the actor handles its inbox in order and ticks again.</summary>
    private void Resume(SimulatedNode node)
    {
        if (_now < node.StalledUntil)
        {
            // The stall was extended meanwhile.
            ScheduleResume(node);
            return;
        }

        node.ResumeScheduled = false;
        while (node.Alive && node.Inbox.TryDequeue(out var queued))
        {
            Deliver(node, queued.Message, queued.SentAt);
        }

        if (node.Alive && node.TickStopped)
        {
            node.TickStopped = false;
            ScheduleTick(node, node.Incarnation, ++node.TickChain, firstTick: true);
        }
    }

    /// <summary>Calls into the core; anything it throws fails the run (a real node's actor would die of it).</summary>
    private Ready Call(SimulatedNode node, Func<ElectionCore, Ready> call, string what)
    {
        try
        {
            return call(node.Core!);
        }
        catch (Exception e) when (e is not SimulationFailure)
        {
            throw CoreThrew(node, what, e);
        }
    }

    private Ready Step(SimulatedNode node, RaftMessage message)
    {
        try
        {
            return node.Core!.Step(message);
        }
        catch (Exception e) when (e is not SimulationFailure)
        {
            throw CoreThrew(node, $"Step({Text(message)})", e);
        }
    }

    /// <summary>Carries out a Ready in the host's order: persist, lease and status, then send.</summary>
    private void Apply(SimulatedNode node, Ready ready, string? requester)
    {
        var before = node.Durable;
        if (ready.Persist is { } durable)
        {
            TrackStored(node, before, durable);
            node.Durable = durable;
            TrackLineage(node, ready.Status);
        }

        node.Lease.Apply(ready, node.LocalNow(_now));
        CheckLeader(node, ready.Status);
        CheckCommit(node, before, node.Durable, ready.Status);
        if ((ready.Status.State, ready.Status.Term) != node.LastSeen)
        {
            node.LastSeen = (ready.Status.State, ready.Status.Term);
            Trace($"{node.Id} is {ready.Status.State} in term {ready.Status.Term}");
        }

        if (ready.Reply is { } reply && requester is not null)
        {
            Send(node, Find(requester), reply);
        }

        foreach (var envelope in ready.Messages)
        {
            Send(node, Find(envelope.To.Id), envelope.Message);
        }

        foreach (var transition in ready.Transitions)
        {
            Trace($"{node.Id} {transition.From} -> {transition.To} in term {transition.Term}: {transition.Reason}");

            // Nofailover: a node of priority 0 never starts a pre-vote, an election or a hand-over's election.
            if (transition.To == NodeState.Candidate && !node.Member.CanStand)
            {
                throw Fail($"{node.Id} has priority 0 but became a candidate: {transition.Reason}");
            }
        }

        foreach (var result in ready.Completed)
        {
            Trace($"{node.Id} decided command {result.CommandId}: {result.Outcome} ({result.Detail})");
            _undecidedSelfRemovals.Remove(result.CommandId);
            if (_transferIds.Remove(result.CommandId))
            {
                TransferOutcomes[result.Outcome] = TransferOutcomes.GetValueOrDefault(result.Outcome) + 1;
                TransferResults.Add((node.Id, result));
            }
        }
    }

    private void ProposeAtLeader(MembershipChange change, Member member)
    {
        if (LeaderNode() is not { } leader || _now < leader.StalledUntil)
        {
            return;
        }

        var id = ++_commandIds;
        Trace($"{leader.Id} asked to {change} {member.Id} (command {id})");
        var command = new MembershipCommand(id, change, member);
        if (change == MembershipChange.Remove && member.Id == leader.Id)
        {
            _undecidedSelfRemovals[id] = leader;
        }

        Apply(leader, Call(leader, core => core.Propose(command), $"Propose({change} {member.Id})"), requester: null);
    }

    private void TransferAt(SimulatedNode leader, string? targetId)
    {
        if (_now < leader.StalledUntil)
        {
            return;
        }

        var id = ++_commandIds;
        _transferIds.Add(id);
        TransfersRequested++;
        Trace($"{leader.Id} asked to hand over to {targetId ?? "the most up-to-date voter"} (command {id})");
        var command = new TransferCommand(id, targetId);
        Apply(leader, Call(leader, core => core.TransferLeadership(command), $"TransferLeadership({targetId ?? "any"})"), requester: null);
    }
}
