using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// Leadership transfer (Raft thesis §3.10): the Goose stops accepting changes, brings the target up to
/// date, sends it TimeoutNow, and gives up after one minimum election timeout. The lease is what makes
/// this delicate: voters disregard their promise to this Goose for a transfer's election (§4.2.3).
/// </summary>
public sealed partial class ElectionCore
{
    // The hand-over this Goose is running; and one whose Goose stepped down before it learned who won.
    private Handover? _transfer;
    private Handover? _handover;

    // After an aborted hand-over whose TimeoutNow left: the no-op that must commit before the lease returns.
    private long? _leaseFenceIndex;

    // Target side: the pre-vote a hand-over's election starts with, while it runs (see HandleTimeoutNow).
    private TransferProbe? _probe;

    /// <summary>Takes a request to hand over leadership; its decision comes in <see cref="Ready.Completed"/> of this or a later step.</summary>
    public Ready TransferLeadership(TransferCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (DecideTransfer(command) is { } outcome)
        {
            _ready.Completed.Add(outcome);
        }

        return Finish();
    }

    /// <summary>
    /// Whether this Goose may not extend its lease now (no <see cref="Ready.QuorumRound"/>).
    /// While handing over, voters may grant the target's transfer election despite their promise to us.
    /// After an abort, a TimeoutNow still in flight (or a target slow to act on it) could yet start such
    /// an election, so the lease waits until the no-op appended on abort is committed: a majority then
    /// stores (N+1, term), and the target either stores it too, so its log no longer ends where the
    /// TimeoutNow said and it refuses it, or gives up the pre-vote it began on it (see HandleTimeoutNow,
    /// WinTransferProbe), or lacks it, so that majority refuses its
    /// votes by the §5.4.1 log comparison; and any transfer election that won before the commit would
    /// have needed a voter of that majority to vote first and then store the no-op, which a voter of a
    /// newer term refuses (§5.1). So once the no-op commits, no hand-over of ours can yield a second Goose.
    /// </summary>
    private bool LeaseFenced => _transfer is not null || (_leaseFenceIndex is { } fence && _commitIndex < fence);

    private CommandResult? DecideTransfer(TransferCommand command)
    {
        var goose = _leaderId is null ? null : FindMember(_leaderId);
        if (_state != NodeState.Leader)
        {
            return Result(command, MembershipOutcome.NotGoose, goose, goose is null ? "No Goose is known yet; retry shortly." : $"Ask the Goose {goose.Id} at {goose.Url}.");
        }

        var peers = Peers.ToList();
        if (peers.Count == 0)
        {
            return Result(command, MembershipOutcome.Rejected, goose, "This is a cluster of one: there is nobody to hand over to.");
        }

        Member target;
        if (command.TargetId is null)
        {
            // A voter of priority 0 never takes over. Among the others, one heard within an election
            // timeout (a hand-over to a silent node can only time out); of those the highest priority, so
            // a step-down is how a preferred node that came back becomes Goose again (there is no
            // automatic fail-back); then the most up-to-date, which needs the least catching up; then
            // the one heard last.
            var candidates = peers.Where(p => p.CanStand).ToList();
            if (candidates.Count == 0)
            {
                return Result(command, MembershipOutcome.Rejected, goose, $"Every other voter ({string.Join(", ", peers.Select(p => p.Id))}) has priority 0 and never takes over.");
            }

            target = candidates
                .OrderByDescending(p => HeardRecently(p.Id))
                .ThenByDescending(p => p.ElectionPriority)
                .ThenByDescending(p => _progress[p.Id].MatchIndex)
                .ThenByDescending(p => _progress[p.Id].LastHeardTick ?? long.MinValue)
                .First();
        }
        else if (command.TargetId == _options.SelfId)
        {
            return Result(command, MembershipOutcome.Rejected, goose, $"{command.TargetId} is this node, already the Goose.");
        }
        else if (peers.FirstOrDefault(p => p.Id == command.TargetId) is { } chosen)
        {
            if (!chosen.CanStand)
            {
                return Result(command, MembershipOutcome.Rejected, goose, $"{chosen.Id} has priority 0 and never stands for election; give it a priority above 0 first, or name another voter.");
            }

            target = chosen;
        }
        else
        {
            return Result(command, MembershipOutcome.Rejected, goose, _learner?.Member.Id == command.TargetId
                ? $"{command.TargetId} is still catching up as a learner, not a voter."
                : $"{command.TargetId} is not a voting member.");
        }

        if (_transfer is { } running)
        {
            return Result(command, MembershipOutcome.Busy, goose, $"A hand-over to {running.Target.Id} is already in progress; retry shortly.");
        }

        if (MembershipChangeInFlight)
        {
            return Result(command, MembershipOutcome.Busy, goose, "A membership change is in flight; retry shortly.");
        }

        // From this step on Status.TransferTarget is set, so the caller drops the lease before any of
        // this step's messages (which may hold the TimeoutNow) leave.
        _transfer = new Handover(command.Id, target, _tickCount, _term);
        var progress = _progress[target.Id];
        if (!OfferTimeoutNow(target.Id, progress))
        {
            SendAppend(target, progress);
        }

        return null;
    }

    /// <summary>Sends TimeoutNow to the hand-over's target once its log matches ours; true if sent.</summary>
    private bool OfferTimeoutNow(string peerId, Progress progress)
    {
        if (_transfer is not { } transfer || transfer.Target.Id != peerId || progress.MatchIndex < _log.LastIndex)
        {
            return false;
        }

        // Sent again on each caught-up reply until the target takes over or the hand-over ends: a lost
        // TimeoutNow should not cost the whole timeout, and the target refuses it once it has acted.
        transfer.TimeoutNowSent = true;
        Send(transfer.Target, new TimeoutNowRequest(_options.SelfId, _term, _log.LastIndex));
        return true;
    }

    /// <summary>Thesis §3.10, target side: start a real election now, skipping the pre-vote.</summary>
    private void HandleTimeoutNow(TimeoutNowRequest request)
    {
        var self = _options.SelfId;
        var refusal =
            !IsVoter ? $"{self} is not a voting member"
            : !CanStand ? $"{self} has priority 0 and never stands for election"
            : _state != NodeState.Follower ? $"{self} is a {_state} in term {_term}"
            : _leaderId != request.From ? $"{self} follows {_leaderId ?? "no Goose"} in term {_term}, not {request.From}"
            : _log.LastIndex != request.LastLogIndex || _log.LastTerm != request.Term
                ? $"{self}'s log ends at index {_log.LastIndex} of term {_log.LastTerm}, not at {request.LastLogIndex} of term {request.Term}"
            : null;
        if (refusal is not null)
        {
            _ready.Reply = new TimeoutNowResponse(self, _term, false, refusal);
            return;
        }

        // Thesis §9.6 applied to a hand-over's election: ask first, with the Transfer flag, while still
        // following the Goose. Voters that honour its lease grant only an up-to-date log, and the Goose only
        // its own target (see MayDisregardLease), so a TimeoutNow that arrives after its hand-over was given
        // up, at a target whose log lacks the no-op that fenced it, raises no term anywhere and leaves the
        // healthy Goose in place. A TimeoutNow sent again restarts the question; no answer within an
        // election timeout ends it.
        _probe = new TransferProbe(request.From, _tickCount, request.LastLogIndex, request.Term);
        _probe.Grants.Add(self);
        if (_probe.Grants.Count >= Quorum)
        {
            WinTransferProbe();
        }
        else
        {
            foreach (var peer in Peers)
            {
                Send(peer, new VoteRequest(self, _term + 1, _log.LastIndex, _log.LastTerm, PreVote: true, Transfer: true));
            }
        }

        // Accepted: the old Goose steps down on the election's vote request (its lease is already gone).
        _ready.Reply = new TimeoutNowResponse(self, _term, true, null);
    }

    /// <summary>A reply to a hand-over's pre-vote: counted when it grants this node's running one; true for any such reply (nothing else may count it).</summary>
    private bool CountTransferGrant(VoteResponse response)
    {
        if (!response.Transfer || !response.PreVote)
        {
            return false;
        }

        if (_probe is not { } probe || _state != NodeState.Follower || response.Term != _term + 1)
        {
            return false;
        }

        if (response.Granted && FindMember(response.From) is { IsVoter: true })
        {
            probe.Grants.Add(response.From);
            if (probe.Grants.Count >= Quorum)
            {
                WinTransferProbe();
            }
        }

        return true;
    }

    private void WinTransferProbe()
    {
        var probe = _probe!;
        _probe = null;

        // The election must stand on the log the TimeoutNow was sent for. If the Goose gave up and its
        // fencing no-op reached this node while the pre-vote ran, an election now would carry that no-op
        // and pass the log comparison (§5.4.1) at the very voters whose storing it fenced the lease, while
        // the Goose, once it commits, serves again: two Geese. So a changed log ends the hand-over here.
        if (_log.LastIndex != probe.LastLogIndex || _log.LastTerm != probe.LastLogTerm)
        {
            return;
        }

        var voters = string.Join(", ", probe.Grants.Where(v => v != _options.SelfId));
        StartElection(voters.Length == 0 ? $"TimeoutNow from {probe.From}" : $"TimeoutNow from {probe.From}; pre-vote won from {voters}", transfer: true);
    }

    /// <summary>Target side: a hand-over's pre-vote that won no majority within an election timeout is given up.</summary>
    private void TickTransferProbe()
    {
        if (_probe is { } probe && (_state != NodeState.Follower || _tickCount - probe.StartTick >= _options.ElectionTimeoutTicks))
        {
            _probe = null;
        }
    }

    private void HandleTimeoutNowResponse(TimeoutNowResponse response)
    {
        if (_state != NodeState.Leader)
        {
            return;
        }

        if (_progress.TryGetValue(response.From, out var progress))
        {
            progress.LastHeardTick = _tickCount;
        }

        if (_transfer is { } transfer && transfer.Target.Id == response.From && !response.Accepted)
        {
            AbortTransfer($"{response.From} refused to take over: {response.Reason}; this node is still the Goose.");
        }
    }

    private void TickTransfer()
    {
        var timeout = _options.ElectionTimeoutTicks;
        if (_transfer is { } transfer && _tickCount - transfer.StartTick >= timeout)
        {
            AbortTransfer($"{transfer.Target.Id} did not take over within {timeout} ticks ({TimeoutMs} ms); this node is still the Goose.");
        }

        // Once the old Goose has stepped down for the target's election, the hand-over is under way: the
        // new Goose gets a full election timeout from then to show itself (its election has to persist a
        // term and gather votes), not just what was left of the first one.
        if (_handover is { } handover && _tickCount - (handover.SteppedDownTick ?? handover.StartTick) >= timeout)
        {
            _handover = null;
            _ready.Completed.Add(new CommandResult(
                handover.CommandId,
                MembershipOutcome.Busy,
                null,
                $"No new Goose showed itself within {timeout} ticks ({TimeoutMs} ms) of this node stepping down for {handover.Target.Id}'s election; the cluster will elect one."));
        }
    }

    private double TimeoutMs => _options.ElectionTimeout.TotalMilliseconds;

    private void AbortTransfer(string detail)
    {
        var transfer = _transfer!;
        _transfer = null;
        if (transfer.TimeoutNowSent)
        {
            // See LeaseFenced: the no-op's commit is what makes any TimeoutNow still out there harmless.
            _leaseFenceIndex = _log.Append(_term, members: null).Index;
            _ready.Dirty = true;
            BroadcastRound();
            MaybeCommit();
        }

        _ready.Completed.Add(new CommandResult(transfer.CommandId, MembershipOutcome.Busy, FindMember(_options.SelfId), detail));
    }

    /// <summary>On leaving the Leader state: a hand-over in progress now waits to learn the new Goose.</summary>
    private void AwaitHandover()
    {
        _leaseFenceIndex = null;
        if (_transfer is { } transfer)
        {
            _transfer = null;
            transfer.SteppedDownTick = _tickCount;
            _handover = transfer;
        }
    }

    /// <summary>The old Goose learns the new one from its first AppendRequest of a later term.</summary>
    private void CompleteHandover(AppendRequest request)
    {
        if (_handover is { } handover && request.Term > handover.Term)
        {
            _handover = null;
            _ready.Completed.Add(new CommandResult(
                handover.CommandId,
                MembershipOutcome.Done,
                FindMember(request.From),
                $"{request.From} is the Goose now, in term {request.Term}."));
        }
    }

    /// <summary>On winning an election: a hand-over this node started earlier did not happen.</summary>
    private void ElectedAgain()
    {
        _transfer = null;
        _leaseFenceIndex = null;
        if (_handover is { } handover)
        {
            _handover = null;
            _ready.Completed.Add(new CommandResult(
                handover.CommandId,
                MembershipOutcome.Busy,
                FindMember(_options.SelfId),
                $"{handover.Target.Id} did not take over; this node was elected Goose again in term {_term}."));
        }
    }

    private string SawTermReason(RaftMessage message) => _transfer is { } transfer
        ? $"handed over to {transfer.Target.Id}: saw term {message.Term} from {message.From}"
        : $"saw term {message.Term} from {message.From}";

    /// <summary>One entry per other member, voter or not, and the learner, for the admin view; built on every step, so kept plain.</summary>
    private PeerProgress[] PeerProgressList()
    {
        var list = new PeerProgress[_progress.Count + (_learner is null ? 0 : 1)];
        var i = 0;
        foreach (var (id, progress) in _progress)
        {
            var member = FindMember(id);
            list[i++] = new PeerProgress(id, member?.Url ?? string.Empty, member?.IsVoter ?? false, progress.MatchIndex, TicksSince(progress));
        }

        if (_learner is { } learner)
        {
            list[i] = new PeerProgress(learner.Member.Id, learner.Member.Url, Voter: false, learner.Progress.MatchIndex, TicksSince(learner.Progress));
        }

        return list;
    }

    private long? TicksSince(Progress progress) => _tickCount - progress.LastHeardTick;

    private static CommandResult Result(TransferCommand command, MembershipOutcome outcome, Member? goose, string detail) =>
        new(command.Id, outcome, goose, detail);

    /// <summary>The pre-vote of a hand-over's election on the target: whose TimeoutNow, since when, and who granted it.</summary>
    private sealed class TransferProbe(string from, long startTick, long lastLogIndex, long lastLogTerm)
    {
        public string From { get; } = from;

        public long StartTick { get; } = startTick;

        /// <summary>Where this node's log ended when it accepted the TimeoutNow (the Goose's log then).</summary>
        public long LastLogIndex { get; } = lastLogIndex;

        public long LastLogTerm { get; } = lastLogTerm;

        public HashSet<string> Grants { get; } = [];
    }

    private sealed class Handover(long commandId, Member target, long startTick, long term)
    {
        public long CommandId { get; } = commandId;

        public Member Target { get; } = target;

        public long StartTick { get; } = startTick;

        public long Term { get; } = term;

        public bool TimeoutNowSent { get; set; }

        /// <summary>When the old Goose stepped down for the target's election; the wait for the new Goose runs from here.</summary>
        public long? SteppedDownTick { get; set; }
    }
}
