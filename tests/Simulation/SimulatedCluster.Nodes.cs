using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// Each node as the host runs it: an actor that starts on its durable state, sleeps until its core's next tick
/// is due, stalls and resumes, calls into its core (first advancing it by the ticks its own clock counted since
/// it last moved), and carries out each Ready in the host's order.
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
            node.Core = new ElectionCore(_settings.CoreOptionsFor(node.Id, node.Timing), node.Durable, _timer, new Random(_random.Next()));
            node.Published = node.Core.Status;
        }
        catch (Exception e)
        {
            throw CoreThrew(node, "ElectionCore(...)", e);
        }

        var timing = node.Timing == _settings.Timing ? "" : $", {node.Timing}";
        var foreign = node.Lineage == NodeLineage.Foreign ? ", a cluster of its own" : "";
        Trace($"{node.Id} starts (term {node.Durable.Term}, members {Names(node.Core.Status.Members)}{timing}{foreign})");
        CheckCommitted(node);

        // The clock starts at a random phase: the first tick comes within one tick of the start.
        var tick = TickMicros(node);
        node.ClockStart = _now - tick + _random.NextInt64(1, tick + 1);
        node.TicksDone = 0;
        node.WakeAt = long.MinValue;
        ArmWake(node);
        if (_settings.LateMessages)
        {
            ReplayFromBeforeCrash(node);
        }
    }

    private void Crash(SimulatedNode node, string reason)
    {
        Trace(reason);
        node.Core = null;
        node.CrashBeforeSave = false;
        _failoverWatch?.Forget(node);
        node.Lease.Revoke();

        // What waited in its memory is gone with it.
        foreach (var id in _undecidedSelfRemovals.Where(c => c.Value == node).Select(c => c.Key).ToList())
        {
            _undecidedSelfRemovals.Remove(id);
        }
    }

    /// <summary>One tick of the node's own clock, in real micros.</summary>
    private static long TickMicros(SimulatedNode node) => (long)(node.Timing.TickMs * Ms / node.ClockRate);

    /// <summary>
    /// Advances the core by the ticks the node's clock counted since it last moved, one due event at a time, as
    /// the host actor does before each input. A stalled actor counts every tick it missed when it resumes. Ticks
    /// before the one the core said was due must change nothing but counters, or an idle node that sleeps
    /// through them would miss what they did. A message is met at the time it arrived (<paramref name="at"/>),
    /// as the host stamps each input when it is posted.
    /// </summary>
    private void CatchUp(SimulatedNode node, long? at = null)
    {
        var target = Math.Max(node.TicksDone, ((at ?? _now) - node.ClockStart) / TickMicros(node));
        while (node.Alive && node.TicksDone < target)
        {
            var core = node.Core!;
            var due = core.TicksUntilDue;
            var ticks = (int)Math.Min(target - node.TicksDone, due);
            var before = core.Status;
            node.TicksDone += ticks;
            var ready = Call(node, core => core.Tick(ticks), $"Tick({ticks})");
            if (ticks < due && Changed(before, ready) is { } change)
            {
                throw Fail($"{node.Id}: TicksUntilDue said {due}, but Tick({ticks}) {change}; {Describe()}");
            }

            Apply(node, ready, requester: null);
        }
    }

    /// <summary>What a tick that was not due changed, or null when it changed nothing but tick counts.</summary>
    private static string? Changed(CoreStatus before, Ready ready)
    {
        var after = ready.Status;
        return ready.Persist is not null ? "changed durable state"
            : ready.Messages.Count > 0 ? $"sent {ready.Messages.Count} messages"
            : ready.Transitions.Count > 0 || after.State != before.State || after.Term != before.Term ? "changed state"
            : ready.Completed.Count > 0 ? "decided a command"
            : ready.RoundStarted is not null || ready.QuorumRound is not null ? "moved the lease"
            : after.Leader != before.Leader || after.TransferTarget != before.TransferTarget || after.CommitIndex != before.CommitIndex ? "changed the status"
            : null;
    }

    /// <summary>Arms the node's one-shot wake-up for its core's next due tick (the host's timer, on the node's clock).</summary>
    private void ArmWake(SimulatedNode node)
    {
        if (node.Core is not { } core)
        {
            return;
        }

        var tick = TickMicros(node);
        node.NextTickAt = node.ClockStart + (((_now - node.ClockStart) / tick) + 1) * tick;
        var due = core.TicksUntilDue;
        var at = due == int.MaxValue ? long.MaxValue : node.ClockStart + ((node.TicksDone + due) * tick);
        if (at == node.WakeAt)
        {
            return;
        }

        node.WakeAt = at;
        var (incarnation, chain) = (node.Incarnation, ++node.TickChain);
        if (at == long.MaxValue)
        {
            return;
        }

        ScheduleAt(Math.Max(at, _now), () =>
        {
            if (!node.Alive || node.Incarnation != incarnation || node.TickChain != chain)
            {
                return;
            }

            node.WakeAt = long.MinValue;
            if (_now < node.StalledUntil || node.ResumeScheduled)
            {
                // The wake-up waits in the stalled actor's inbox; the resume handles it.
                node.TickStopped = true;
                ScheduleResume(node);
                return;
            }

            CatchUp(node);
            ArmWake(node);
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
            Deliver(node, queued.Message, queued.SentAt, queued.ArrivedAt);
        }

        if (node.Alive && node.TickStopped)
        {
            node.TickStopped = false;
            CatchUp(node);
            ArmWake(node);
        }
    }

    /// <summary>
    /// Brings <paramref name="node"/>'s clock up to now before a command reaches it, as the host stamps a
    /// command's input when it is posted; false when the node crashed doing so (a fault between a step's
    /// requests and its save), since a crashed node takes no command.
    /// </summary>
    private bool CaughtUpForCommand(SimulatedNode node)
    {
        CatchUp(node);
        return node.Alive;
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

    /// <summary>
    /// Carries out a Ready in the host's order: requests that may leave before the save first
    /// (<see cref="Ready.RequestsMayLeaveBeforePersisted"/>), then persist, lease and status, reply and the other
    /// messages. While faults run, a node sometimes crashes between those requests and its save, as a host can:
    /// the requests are out, the save is lost, and the node restarts from what it had on disk (Chaos arms it).
    /// </summary>
    private void Apply(SimulatedNode node, Ready ready, string? requester)
    {
        var before = node.Durable;
        var early = node.Published is { } published && ready.RequestsMayLeaveBeforePersisted(published);
        if (early)
        {
            foreach (var envelope in ready.Messages)
            {
                Send(node, Find(envelope.To.Id), envelope.Message);
            }

            if (node.CrashBeforeSave && _faulting && _now < _settings.FaultMs * Ms)
            {
                node.CrashBeforeSave = false;
                Count(SimulationEvents.CrashBeforeSave);
                Crash(node, $"{node.Id} crashes after its requests left, before its save ({Text(ready.Messages[0].Message)})");
                return;
            }
        }

        if (ready.Persist is { } durable)
        {
            TrackStored(node, before, durable);
            node.Durable = durable;
            TrackLineage(node, ready.Status);
        }

        node.Lease.Apply(ready, node.LocalNow(_now));
        if (ready.Status.State == NodeState.Leader && !_mayHoldLease.Contains(node))
        {
            _mayHoldLease.Add(node);
        }

        if (ready.Persist is not null)
        {
            CheckCommitted(node);
        }

        CheckLeader(node, ready.Status);
        CheckCommit(node, before, node.Durable, ready.Status);
        if ((ready.Status.State, ready.Status.Term) != node.LastSeen)
        {
            node.LastSeen = (ready.Status.State, ready.Status.Term);
            if (ready.Status.State == NodeState.Leader)
            {
                node.LeaderSince = _now;
            }
            Trace($"{node.Id} is {ready.Status.State} in term {ready.Status.Term}");
        }

        if (ready.Reply is { } reply && requester is not null)
        {
            Send(node, Find(requester), reply);
        }

        if (!early)
        {
            foreach (var envelope in ready.Messages)
            {
                Send(node, Find(envelope.To.Id), envelope.Message);
            }
        }

        node.Published = ready.Status;
        _failoverWatch?.Observe(node, ready.Status, _now);
        foreach (var decision in ready.Decisions)
        {
            Trace($"{node.Id} Autopilot: {decision.Action} {decision.Member.Id}: {decision.Reason}");
            Count(decision.Action switch
            {
                AutopilotAction.Promote => SimulationEvents.Promote,
                AutopilotAction.Demote => SimulationEvents.Demote,
                _ => SimulationEvents.Remove,
            });
        }

        foreach (var transition in ready.Transitions)
        {
            Trace($"{node.Id} {transition.From} -> {transition.To} in term {transition.Term}: {transition.Reason}");

            // Nofailover: a node of priority 0 never starts a pre-vote, an election or a hand-over's election, nor
            // does a non-voter (§4.2.1's learners); which it is now is its own configuration's say (Autopilot promotes),
            // unless that configuration is not committed yet and the committed one let it stand (thesis §4.2.2).
            if (transition.To == NodeState.Candidate
                && ready.Status.Members.FirstOrDefault(m => m.Id == node.Id) is var self && self is not { CanStand: true }
                && !StandsUntilCommitted(node.Durable, ready.Status.CommitIndex, node.Id))
            {
                var why = self is null ? "is not a member" : self.IsVoter ? "has priority 0" : "is a non-voter";
                throw Fail($"{node.Id} {why} but became a candidate: {transition.Reason}");
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

    /// <summary>
    /// Whether <paramref name="durable"/>'s latest configuration is past <paramref name="commitIndex"/> and the
    /// configuration in force at that index lets <paramref name="id"/> stand: thesis §4.2.2's server that may still
    /// be needed until a configuration leaving it out commits.
    /// </summary>
    private static bool StandsUntilCommitted(DurableState durable, long commitIndex, string id)
    {
        var latest = durable.Log.LastOrDefault(e => e.Members is not null)?.Index ?? durable.Base.Index;
        var committed = durable.Log.LastOrDefault(e => e.Index <= commitIndex && e.Members is not null)?.Members ?? durable.Base.Members;
        return latest > commitIndex && committed.FirstOrDefault(m => m.Id == id) is { CanStand: true };
    }

    private void ProposeAtLeader(MembershipChange change, Member member)
    {
        if (LeaderNode() is not { } leader || _now < leader.StalledUntil || !CaughtUpForCommand(leader))
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
        ArmWake(leader);
    }

    private void TransferAt(SimulatedNode leader, string? targetId)
    {
        if (_now < leader.StalledUntil || !CaughtUpForCommand(leader))
        {
            return;
        }

        var id = ++_commandIds;
        _transferIds.Add(id);
        TransfersRequested++;
        Trace($"{leader.Id} asked to hand over to {targetId ?? "the most up-to-date voter"} (command {id})");
        var command = new TransferCommand(id, targetId);
        Apply(leader, Call(leader, core => core.TransferLeadership(command), $"TransferLeadership({targetId ?? "any"})"), requester: null);
        ArmWake(leader);
    }
}
