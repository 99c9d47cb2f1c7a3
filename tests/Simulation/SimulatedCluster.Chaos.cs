using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>The faults: what the chaos picks at random, the join driver, the hand-over storm, and healing.</summary>
public sealed partial class SimulatedCluster
{
    // Half the runs with late TimeoutNow and a quiet period pause the other faults this long before the end, then
    // hand over once more this long before it, so that the hand-over gives up 10 to 20 ms before the end.
    private const long TailCalmMs = 1_250;
    private const long TailHandOverMs = 160;

    private readonly List<Action<SimulatedNode>> _extraFaults;
    private bool _faulting = true;

    /// <summary>The faults the settings add to the original ten; drawn with them, so runs without any draw as before.</summary>
    private List<Action<SimulatedNode>> ExtraFaults()
    {
        var faults = new List<Action<SimulatedNode>>();
        if (_settings.OneWayCuts)
        {
            faults.Add(CutOneLink);
            faults.Add(_ => OneWayPartition());
        }

        if (_settings.RollingTimingChanges)
        {
            // A Goose cut off alone is what shows whether its lease outlasts the votes its voters refuse.
            faults.Add(RestartWithOtherTiming);
            faults.Add(_ => IsolateTheGoose());
        }

        if (_settings.LateTimeoutNow)
        {
            // The TimeoutNow arrives 20 ms to 1.8 s after the hand-over gave up; the link is cut for up to 100 ms from
            // just before the abort, so the target often misses the fencing no-op but still follows the Goose.
            faults.Add(_ => LateHandOver(
                null,
                abortAt => (abortAt + _random.NextInt64(20 * Ms, 1_800 * Ms), abortAt + _random.NextInt64(20 * Ms, 100 * Ms)),
                untilQuiet: false));
        }

        return faults;
    }

    private void Chaos()
    {
        if (!_faulting || _now >= _settings.FaultMs * Ms)
        {
            return;
        }

        if (_nodes.Where(n => !n.Alive && !n.Held && !n.Gone).ToList() is { Count: > 0 } down && _random.Next(2) == 0)
        {
            Start(down[_random.Next(down.Count)]);
        }

        var node = _nodes[_random.Next(_nodes.Count)];
        var pick = _random.Next(10 + _extraFaults.Count);
        switch (pick)
        {
            case 0 or 1 when node.Alive:
                Crash(node, $"{node.Id} crashes");
                break;
            case 2 when node.Alive:
                // A crash between a step's requests and its save (the host sends a candidate's vote requests and
                // a new Goose's first round before saving): at that node's next such step, if it takes one.
                node.CrashBeforeSave = true;
                break;
            case 3:
                _partition = [.. _nodes.Select(_ => _random.Next(2))];
                Trace($"partition {string.Join(' ', _nodes.Select((n, i) => $"{n.Id}:{_partition[i]}"))}");
                break;
            case 4:
                _partition = null;
                Trace("partition heals");
                break;
            case 5:
                var (min, max) = _settings.LongStalls && _random.Next(3) == 0 ? (400, 2_500) : (20, 400);
                if (min == 400)
                {
                    Count(SimulationEvents.LongStall);
                }

                node.StalledUntil = _now + _random.NextInt64(min * Ms, max * Ms);
                Trace($"{node.Id} stalls until {node.StalledUntil / Ms} ms");
                break;
            case 6:
                _lossRate = _random.NextDouble() * 0.3;
                Trace($"loss rate {_lossRate:F2}");
                break;
            case 7:
                ProposeAtLeader(MembershipChange.Remove, _nodes[_random.Next(_nodes.Count)].Member);
                break;
            case 8 or 9:
                TransferAtLeader(_random.Next(3) == 0 ? null : _nodes[_random.Next(_nodes.Count)].Id);
                break;
            case >= 10:
                _extraFaults[pick - 10](node);
                break;
        }

        Schedule(_random.NextInt64(50 * Ms, 400 * Ms), Chaos);
    }

    private void CutOneLink(SimulatedNode node)
    {
        var others = _nodes.Where(n => n != node).ToList();
        CutLink(node, others[_random.Next(others.Count)], _now + _random.NextInt64(50 * Ms, 2_000 * Ms));
    }

    private void OneWayPartition()
    {
        _oneWaySides = [.. _nodes.Select(_ => _random.Next(2))];
        _oneWayUntil = _now + _random.NextInt64(100 * Ms, 2_000 * Ms);
        Count(SimulationEvents.OneWayCut);
        var side = _oneWaySides;
        Trace($"one-way partition until {_oneWayUntil / Ms} ms: {Names(_nodes.Where(n => side[n.Index] == 0))} -> {Names(_nodes.Where(n => side[n.Index] == 1))} lost, the other way delivered");
    }

    private void IsolateTheGoose()
    {
        if (Goose is { } goose)
        {
            _partition = [.. _nodes.Select(n => n == goose ? 1 : 0)];
            Trace($"partition: the Goose {goose.Id} alone");
        }
    }

    private void RestartWithOtherTiming(SimulatedNode node)
    {
        if (node.Held)
        {
            return;
        }

        var others = NodeTiming.Profiles.Where(t => t != node.Timing).ToList();
        RestartWithTiming(node.Id, others[_random.Next(others.Count)]);
    }

    /// <summary>
    /// Hands over at a node that believes it leads, to <paramref name="target"/> or a random voter that may stand,
    /// holding back the TimeoutNow until after the hand-over gives up (its abort appends and commits the fencing
    /// no-op), and cutting the Goose-to-target link from just before the abort, so that when the TimeoutNow arrives
    /// the target still follows the Goose but its log ends where the TimeoutNow says. <paramref name="plan"/> gives,
    /// from the expected abort time, when the TimeoutNow arrives and when the cut ends; with
    /// <paramref name="untilQuiet"/> both wait for the quiet period to begin (the cut at most until its end time).
    /// </summary>
    private bool LateHandOver(SimulatedNode? target, Func<long, (long DeliverAt, long CutUntil)> plan, bool untilQuiet)
    {
        if (LeaderNode() is not { } leader || _now < leader.StalledUntil)
        {
            return false;
        }

        if (target is null)
        {
            var targets = leader.Core!.Status.Members
                .Where(m => m.Id != leader.Id && m.CanStand)
                .Select(m => Find(m.Id))
                .Where(n => n.Alive)
                .ToList();
            if (targets.Count == 0)
            {
                return false;
            }

            target = targets[_random.Next(targets.Count)];
        }

        // The hand-over gives up on the leader's election-timeout-th tick from now (ElectionCore.TickTransfer).
        var tick = (long)(leader.Timing.TickMs * Ms / leader.ClockRate);
        var abortAt = Math.Max(leader.NextTickAt, _now) + ((leader.Timing.ElectionTimeoutTicks - 1) * tick);
        var (deliverAt, cutUntil) = plan(abortAt);
        _heldTimeoutNows.Add(new HeldTimeoutNow(leader, target, abortAt + tick, untilQuiet ? null : deliverAt));
        var arrives = untilQuiet ? "when the quiet period begins" : $"at {deliverAt / (double)Ms:F1} ms";
        Trace($"{leader.Id}'s TimeoutNow to {target.Id} will arrive {arrives}, after the hand-over gives up (about {abortAt / Ms} ms)");
        var (from, to) = (leader, target);
        ScheduleAt(abortAt - Ms, () =>
        {
            if (untilQuiet)
            {
                // Not a link fault the heal clears: it ends when the quiet period begins (at the latest at cutUntil).
                _tailCut = (from, to, cutUntil);
                Trace($"link {from.Id} -> {to.Id} cut until the quiet period begins ({to.Id} -> {from.Id} still delivers)");
            }
            else
            {
                CutLink(from, to, cutUntil);
            }
        });
        TransferAt(leader, target.Id);
        return true;
    }

    /// <summary>
    /// Just before the faults stop: a hand-over that gives up 10 to 20 ms before the end, its TimeoutNow parked
    /// until the quiet period begins and the Goose-to-target link cut until then (150 ms after the end at most,
    /// short of the target's election timeout), so the quiet period begins with the target one entry behind,
    /// still following the Goose, and the TimeoutNow arriving.
    /// </summary>
    private void LateTimeoutNowTail(long faultsEnd)
    {
        // Only a Goose whose hand-over gives up before the faults end fits (a 1000 ms timeout does not).
        if (LeaderNode() is { } leader && leader.Timing.ElectionTimeoutMs <= TailHandOverMs - 10)
        {
            LateHandOver(null, _ => (0, faultsEnd + (150 * Ms)), untilQuiet: true);
        }
    }

    /// <summary>
    /// Every 20 to 200 ms either asks the Goose to hand over (random target or none) or stalls the Goose
    /// for 20 to 150 ms, under <paramref name="lossRate"/> message loss and duplication with occasional slow
    /// links; half of all TimeoutNow messages arrive 100 to 400 ms late (after their hand-over timed out)
    /// and half of all transfer vote requests are lost. Runs until <paramref name="untilMs"/>: the
    /// hand-over's own race between an old lease and a new Goose, without the other faults around it.
    /// </summary>
    public void HandOverDriver(double lossRate, long untilMs)
    {
        _lossRate = lossRate;
        _handOverStorm = true;
        Trace($"loss rate {_lossRate:F2}, hand-overs until {untilMs} ms, half of all TimeoutNow 100-400 ms late");
        void Next()
        {
            if (_now >= untilMs * Ms)
            {
                _lossRate = 0;
                _handOverStorm = false;
                return;
            }

            if (_random.Next(3) == 0 && Goose is { } goose)
            {
                // A Goose whose actor stalls keeps answering Goose on its lease alone, hearing nothing.
                goose.StalledUntil = _now + _random.NextInt64(20 * Ms, 150 * Ms);
                Trace($"{goose.Id} stalls until {goose.StalledUntil / Ms} ms");
            }
            else
            {
                TransferAtLeader(_random.Next(4) == 0 ? null : _nodes[_random.Next(_nodes.Count)].Id);
            }

            Schedule(_random.NextInt64(20 * Ms, 200 * Ms), Next);
        }

        Schedule(_random.NextInt64(20 * Ms, 200 * Ms), Next);
    }

    /// <summary>No more faults: links heal, loss stops, stalls end, and every node runs again.</summary>
    private void StopFaults(string reason)
    {
        Trace(reason);
        _faulting = false;
        _partition = null;
        _oneWaySides = null;
        _cuts.Clear();
        _lossRate = 0;
        foreach (var node in _nodes)
        {
            // A stalled actor resumes now: it handles what queued up in its inbox and ticks again.
            var stalled = _now < node.StalledUntil;
            node.StalledUntil = 0;
            if (stalled && node.Alive)
            {
                Resume(node);
            }

            if (node.Held)
            {
                StartHeld(node);
            }
            else if (!node.Alive && !node.Gone)
            {
                Start(node);
            }
        }
    }
}
