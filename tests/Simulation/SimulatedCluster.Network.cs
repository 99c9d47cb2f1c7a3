using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Simulation;

/// <summary>The simulated network: delay, loss, duplication, partitions, one-way cuts, late and replayed messages.</summary>
public sealed partial class SimulatedCluster
{
    private readonly Dictionary<(int From, int To), long> _cuts = [];
    private readonly List<HeldTimeoutNow> _heldTimeoutNows = [];
    private readonly List<(SimulatedNode From, SimulatedNode To, RaftMessage Message, long SentAt)> _parked = [];
    private (SimulatedNode From, SimulatedNode To, long Until)? _tailCut;
    private double _lossRate;
    private bool _handOverStorm;
    private int[]? _partition;
    private int[]? _oneWaySides;
    private long _oneWayUntil;

    private void Send(SimulatedNode from, SimulatedNode to, RaftMessage message)
    {
        CheckTraffic(from, to, message);
        if (Cut(from, to) || _random.NextDouble() < _lossRate)
        {
            return;
        }

        // The old Goose is a voter too: it steps down on its target's transfer vote request. Losing half of
        // those requests in the hand-over runs lets a transfer election win without the old Goose hearing.
        if (_handOverStorm && message is VoteRequest { Transfer: true } && _random.Next(2) == 0)
        {
            return;
        }

        if (message is TimeoutNowRequest && _heldTimeoutNows.Count > 0 && Held(from, to) is { } held)
        {
            if (held.DeliverAt is { } deliverAt)
            {
                Post(from, to, message, Math.Max(_now + (Ms / 10), deliverAt) + _random.NextInt64(Ms));
            }
            else
            {
                _parked.Add((from, to, message, _now));
            }

            return;
        }

        var copies = _random.NextDouble() < _lossRate / 2 ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            Post(from, to, message, _now + Delay(from, to, message));
        }

        if (_settings.LateMessages && _faulting)
        {
            KeepForReplay(from, to, message);
        }
    }

    /// <summary>
    /// Traffic stays bounded: a node sends a peer a heartbeat every round and a retry per refusal, a few dozen
    /// messages per 100 ms even with the fastest timing and a backlog flushed after a stall. Hundreds mean a
    /// retry loop that never converges (each round starting another endless exchange).
    /// </summary>
    private void CheckTraffic(SimulatedNode from, SimulatedNode to, RaftMessage message)
    {
        var window = _now / (100 * Ms);
        if (from.SendWindow != window || from.SendCounts.Length != _nodes.Count)
        {
            from.SendWindow = window;
            from.SendCounts = new int[_nodes.Count];
        }

        if (++from.SendCounts[to.Index] > StormMessages)
        {
            throw Fail($"message storm: {from.Id} sent {to.Id} more than {StormMessages} messages within 100 ms; the last: {Text(message)}; {Describe()}");
        }
    }

    private const int StormMessages = 200;

    /// <summary>Delivers <paramref name="message"/> at <paramref name="at"/> unless the link is cut by then.</summary>
    private void Post(SimulatedNode from, SimulatedNode to, RaftMessage message, long at, long? sentAtOrNow = null)
    {
        var sentAt = sentAtOrNow ?? _now;
        ScheduleAt(at, () =>
        {
            // A partition or cut that starts while a message is in flight drops it too.
            if (!Cut(from, to))
            {
                Deliver(to, message, sentAt);
            }
        });
    }

    private long Delay(SimulatedNode from, SimulatedNode to, RaftMessage message)
    {
        if (_settings.LateMessages && _faulting && _random.NextDouble() < 0.02)
        {
            Count(SimulationEvents.LateMessage);
            return _random.NextInt64(200 * Ms, 2_000 * Ms);
        }

        // A TimeoutNow that arrives after its hand-over was aborted (and after the no-op that fences it)
        // is the hand-over's hardest case; the hand-over runs make it common.
        if (_handOverStorm && message is TimeoutNowRequest && _random.Next(2) == 0)
        {
            return _random.NextInt64(100 * Ms, 400 * Ms);
        }

        var slow = _lossRate > 0 && _random.NextDouble() < 0.05;
        return slow ? _random.NextInt64(20 * Ms, 200 * Ms) : _random.NextInt64(100, 5 * Ms);
    }

    /// <summary>The late hand-over, if any, that holds back a TimeoutNow from <paramref name="from"/> to <paramref name="to"/> sent now.</summary>
    private HeldTimeoutNow? Held(SimulatedNode from, SimulatedNode to)
    {
        _heldTimeoutNows.RemoveAll(h => h.SendUntil < _now);
        return _heldTimeoutNows.FirstOrDefault(h => h.Leader == from && h.Target == to);
    }

    /// <summary>The quiet period begins: the last cut ends, and the TimeoutNow parked since the faults arrive now.</summary>
    private void ReleaseParked()
    {
        _tailCut = null;
        foreach (var (from, to, message, sentAt) in _parked)
        {
            Post(from, to, message, _now + _random.NextInt64(Ms / 10, Ms), sentAt);
        }

        _parked.Clear();
    }

    private void Deliver(SimulatedNode to, RaftMessage message, long sentAt, long? arrivedAt = null)
    {
        if (!to.Alive)
        {
            return;
        }

        if (_now < to.StalledUntil || to.ResumeScheduled)
        {
            // A stalled actor handles its inbox once it resumes, in order (also what arrives at the very
            // instant the stall ends, before the resume has run).
            to.Inbox.Enqueue((message, sentAt, _now));
            ScheduleResume(to);
            return;
        }

        var age = _now - sentAt;
        if (message is TimeoutNowRequest && age > to.Timing.ElectionTimeoutMs * Ms)
        {
            Count(SimulationEvents.LateTimeoutNow);
        }

        if (age > 100 * Ms)
        {
            // Normal delivery takes under 5 ms (200 ms on a slow link): show late ones even in the short trace.
            Trace($"{to.Id} <- {Text(message)}, sent {age / Ms} ms ago");
        }
        else if (_fullTrace)
        {
            Trace($"{to.Id} <- {Text(message)}");
        }

        CatchUp(to, arrivedAt);
        if (!to.Alive)
        {
            return;
        }

        Apply(to, Step(to, message), requester: message.From);
        ArmWake(to);
    }

    private bool Cut(SimulatedNode a, SimulatedNode b) =>
        (_partition is { } side && side[a.Index] != side[b.Index])
        || (_oneWaySides is { } oneWay && _now < _oneWayUntil && oneWay[a.Index] == 0 && oneWay[b.Index] == 1)
        || (_cuts.Count > 0 && _cuts.TryGetValue((a.Index, b.Index), out var until) && _now < until)
        || (_tailCut is { } tail && tail.From == a && tail.To == b && _now < tail.Until);

    private void CutLink(SimulatedNode from, SimulatedNode to, long until)
    {
        _cuts[(from.Index, to.Index)] = Math.Max(until, _cuts.GetValueOrDefault((from.Index, to.Index)));
        Count(SimulationEvents.OneWayCut);
        Trace($"link {from.Id} -> {to.Id} cut until {until / Ms} ms ({to.Id} -> {from.Id} still delivers)");
    }

    /// <summary>Keeps the sender's latest messages for a restart, and sends 1% of them once more, much later.</summary>
    private void KeepForReplay(SimulatedNode from, SimulatedNode to, RaftMessage message)
    {
        from.RecentSends.Enqueue((to, message, _now));
        if (from.RecentSends.Count > 16)
        {
            from.RecentSends.Dequeue();
        }

        if (_random.NextDouble() < 0.01)
        {
            Count(SimulationEvents.Replay);
            Post(from, to, message, _now + _random.NextInt64(100 * Ms, 2_000 * Ms));
        }
    }

    /// <summary>Half of the restarts: some messages the node sent before its crash arrive after it restarted.</summary>
    private void ReplayFromBeforeCrash(SimulatedNode node)
    {
        if (node.RecentSends.Count > 0 && _faulting && _random.Next(2) == 0)
        {
            var sent = node.RecentSends.ToList();
            var count = _random.Next(1, Math.Min(4, sent.Count) + 1);
            for (var i = 0; i < count; i++)
            {
                var (to, message, sentAt) = sent[_random.Next(sent.Count)];
                ScheduleAt(_now + _random.NextInt64(Ms, 300 * Ms), () =>
                {
                    if (!Cut(node, to))
                    {
                        Deliver(to, message, sentAt);
                    }
                });
            }

            Trace($"{node.Id}: {count} of its messages from before the restart will arrive after it");
            Count(SimulationEvents.AfterRestart);
        }

        node.RecentSends.Clear();
    }

    /// <summary>A compact rendering of a message for traces.</summary>
    private static string Text(RaftMessage message) => message switch
    {
        VoteRequest r => $"{(r.PreVote ? "PreVote" : "Vote")}Request{(r.Transfer ? " (transfer)" : "")} from {r.From} t{r.Term} last {r.LastLogIndex}/t{r.LastLogTerm}",
        VoteResponse r => $"{(r.PreVote ? "PreVote" : "Vote")}Response from {r.From} t{r.Term} {(r.Granted ? "granted" : "refused")}",
        AppendRequest r => $"AppendRequest from {r.From} t{r.Term} round {r.Round} prev {r.PrevLogIndex}/t{r.PrevLogTerm} entries [{string.Join(" ", r.Entries.Select(Text))}] commit {r.CommitIndex}{(r.Snapshot is { } s ? $" snapshot {s.Index}/t{s.Term} {Names(s.Members)}" : "")}",
        AppendResponse r => $"AppendResponse from {r.From} t{r.Term} round {r.Round} {(r.Success ? "ok" : "refused")} match {r.MatchIndex}",
        TimeoutNowRequest r => $"TimeoutNow from {r.From} t{r.Term} last {r.LastLogIndex}",
        TimeoutNowResponse r => $"TimeoutNowResponse from {r.From} t{r.Term} {(r.Accepted ? "accepted" : $"refused: {r.Reason}")}",
        _ => message.ToString(),
    };

    private static string Text(LogEntry entry) =>
        entry.Members is { } members ? $"{entry.Index}/t{entry.Term}:{Names(members)}" : $"{entry.Index}/t{entry.Term}";

    /// <summary>
    /// A hand-over's TimeoutNow held back: those the leader sends the target until <see cref="SendUntil"/> arrive at
    /// <see cref="DeliverAt"/>, or when the quiet period begins if that is null.
    /// </summary>
    private sealed record HeldTimeoutNow(SimulatedNode Leader, SimulatedNode Target, long SendUntil, long? DeliverAt);
}
