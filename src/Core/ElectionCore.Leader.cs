using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>The Goose: heartbeat rounds, replication of its tiny log, commit, and check-quorum (Raft §5.3, §5.4.2, thesis §6.2).</summary>
public sealed partial class ElectionCore
{
    private readonly Dictionary<string, Progress> _progress = [];
    private readonly Dictionary<long, long> _roundStartTicks = [];
    private long _round;
    private long _quorumRound;
    private long _lastQuorumTick;
    private int _heartbeatElapsed;
    private long _termStartIndex;

    private void BecomeLeader()
    {
        var voters = OtherVoters();
        ChangeState(NodeState.Leader, voters.Length == 0 ? "won: sole voter" : $"won votes from {voters}");
        _leaderId = _options.SelfId;
        _votes.Clear();
        _failedElections = 0;
        _progress.Clear();
        _roundStartTicks.Clear();
        _quorumRound = _round;
        _lastQuorumTick = _tickCount;
        _standby = null;
        _leaving.Clear();
        ElectedAgain();

        // Raft §8 and the 2015 single-server-change fix: a new Goose first commits an entry of its own term;
        // membership changes wait for it (see Propose).
        _termStartIndex = _log.Append(_term, members: null).Index;
        _ready.Dirty = true;
        SyncProgress();
        BroadcastRound();
        MaybeCommit();
    }

    /// <summary>Keeps one <see cref="Progress"/> per other member of the configuration in force, voter or not.</summary>
    private void SyncProgress()
    {
        foreach (var peer in Followers)
        {
            if (!_progress.ContainsKey(peer.Id))
            {
                _progress[peer.Id] = new Progress(_log.LastIndex, _tickCount);
            }
        }

        foreach (var id in _progress.Keys.Where(id => FindMember(id) is null).ToList())
        {
            _progress.Remove(id);
        }
    }

    private void TickLeader()
    {
        CountLeaderTicks(1);

        // Thesis §6.2 check-quorum: a Goose that has not heard from a majority for a minimum election
        // timeout steps down; its lease (shorter than that timeout) has already run out by then.
        if (_tickCount - _lastQuorumTick >= _options.ElectionTimeoutTicks)
        {
            BecomeFollower(_term, leaderId: null, $"check-quorum: no majority heard for {_tickCount - _lastQuorumTick} ticks");
            return;
        }

        CheckLearnerDeadline();
        if (_heartbeatElapsed >= _options.HeartbeatTicks && HasFollowers)
        {
            BroadcastRound();
            RunAutopilot();
        }
    }

    /// <summary>
    /// A Goose's counters over <paramref name="ticks"/> ticks. A sole voter is its own majority at every tick
    /// (thesis §6.2), and with nobody to write to a Goose counts towards no round: the rounds start a
    /// heartbeat after someone joins (who hears from it at once: a learner, or a new configuration's
    /// round), and the count cannot overflow however long it leads alone.
    /// </summary>
    private void CountLeaderTicks(int ticks)
    {
        if (SoleVoter)
        {
            _lastQuorumTick = _tickCount;
        }

        _heartbeatElapsed = HasFollowers ? _heartbeatElapsed + ticks : 0;
    }

    /// <summary>
    /// Starts a heartbeat round: one AppendRequest per voter, all tagged with the round number, and one to each
    /// non-voter whose keep-alive slot came (<see cref="NonVoterDue"/>), so the Goose's work each round grows
    /// with its voters, not with its members.
    /// </summary>
    private void BroadcastRound()
    {
        _heartbeatElapsed = 0;
        _round++;
        _roundStartTicks[_round] = _tickCount;
        _ready.RoundStarted = _round;
        var firstWordTicks = _options.FirstWordTicks(Voters.Count, Configuration.Count - Voters.Count);
        foreach (var peer in Followers)
        {
            var progress = _progress[peer.Id];
            if (peer.IsVoter || peer.Id == _standby || NonVoterDue(peer, progress, firstWordTicks))
            {
                SendAppend(peer, progress);
            }
        }

        if (_learner is { } learner)
        {
            SendAppend(learner.Member, learner.Progress);
        }

        UpdateQuorumRound();
    }

    /// <summary>
    /// Whether a non-voter gets this round's AppendRequest: once per keep-alive, in a slot of its own (see
    /// <see cref="KeepAlivePhase"/>), also for a new configuration or a new commit index, and a new Goose's
    /// first word sooner, at about the rate of its voters' heartbeats (<see cref="CoreOptions.FirstWordTicks"/>). A
    /// non-voter needs to know the Goose, not to hold up its lease, and a hundred of them written to in the
    /// same round (on each join, or by a new Goose) are a burst that can delay the voters' heartbeats past an
    /// election timeout on a small machine; spread out, a Goose writes to a few per round. A reply that asks
    /// for earlier entries is still answered at once (see <see cref="HandleAppendResponse"/>).
    /// </summary>
    private bool NonVoterDue(Member peer, Progress progress, int firstWordTicks)
    {
        // A non-voter this Goose never wrote to (the Goose was just elected, or the member just joined) names
        // an old Goose or none: its first word comes sooner than a keep-alive, still in a slot of its own.
        var period = progress.LastSentTick is null ? firstWordTicks : _options.KeepAliveTicks;
        var phase = KeepAlivePhase(peer.Id, period);
        var since = progress.LastSentTick ?? progress.SinceTick;
        return (_tickCount + phase) / period > (since + phase) / period;
    }

    /// <summary>
    /// Where in the keep-alive period a non-voter's slot lies: a stable hash of its id (FNV-1a), the same on
    /// every Goose and in every run, so slots spread evenly whatever the order members joined in.
    /// </summary>
    private static long KeepAlivePhase(string id, int keepAliveTicks)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % (uint)keepAliveTicks;
    }

    private void SendAppend(Member peer, Progress progress)
    {
        progress.LastSentTick = _tickCount;
        progress.SentCommit = _commitIndex;
        // A peer can only be owed what this log holds: a reply that claimed more (a bug, or a log that is
        // not this cluster's) must not make this Goose ask its log for an entry it does not have.
        if (progress.NextIndex > _log.LastIndex + 1)
        {
            progress.NextIndex = _log.LastIndex + 1;
        }

        var prevIndex = progress.NextIndex - 1;
        Snapshot? snapshot = null;

        // Raft §7: a follower that needs entries already folded into the base gets the base instead.
        if (prevIndex < _log.Base.Index)
        {
            snapshot = _log.Base;
            prevIndex = _log.Base.Index;
        }

        Send(peer, new AppendRequest(
            _options.SelfId,
            _term,
            _round,
            prevIndex,
            _log.TermAt(prevIndex)!.Value,
            _log.EntriesFrom(prevIndex + 1),
            _commitIndex,
            snapshot,
            _options.LeaseMs));
    }

    private void HandleAppendResponse(AppendResponse response)
    {
        // A reply to a round this Goose has not sent yet answers some other process's request (an earlier
        // life of a node, or a forgery): counting it could extend the lease on acknowledgements never given.
        if (response.Round > _round)
        {
            return;
        }

        if (_state == NodeState.Leader && _learner?.Member.Id == response.From)
        {
            HandleLearnerResponse(response);
            return;
        }

        if (_state != NodeState.Leader || !_progress.TryGetValue(response.From, out var progress))
        {
            return;
        }

        // Any reply of this term, success or not, shows the follower accepted this Goose for the round.
        progress.LastHeardTick = _tickCount;
        progress.AckedRound = Math.Max(progress.AckedRound, response.Round);
        UpdateQuorumRound();

        if (response.Success)
        {
            progress.MatchIndex = Math.Max(progress.MatchIndex, Math.Min(response.MatchIndex, _log.LastIndex));
            progress.NextIndex = progress.MatchIndex + 1;
            MaybeCommit();
            OfferTimeoutNow(response.From, progress);
        }
        else
        {
            // Raft §5.3: back up and retry at once; the hint is the follower's last index.
            progress.NextIndex = Math.Max(1, Math.Min(progress.NextIndex - 1, response.MatchIndex + 1));
            if (FindMember(response.From) is { } peer)
            {
                SendAppend(peer, progress);
            }
        }
    }

    /// <summary>
    /// The newest round a majority of the voters has acknowledged; the Goose counts itself at the current
    /// round only while it is a voter (thesis §4.2.2: a Goose being removed does not count itself).
    /// </summary>
    private void UpdateQuorumRound()
    {
        var acked = Voters
            .Select(m => m.Id == _options.SelfId ? _round : _progress.TryGetValue(m.Id, out var p) ? p.AckedRound : 0)
            .OrderDescending()
            .ToList();
        if (acked.Count == 0)
        {
            return;
        }

        var round = acked[Quorum - 1];
        if (round <= _quorumRound || !_roundStartTicks.TryGetValue(round, out var startTick))
        {
            return;
        }

        _quorumRound = round;
        _lastQuorumTick = Math.Max(_lastQuorumTick, startTick);

        // Check-quorum above keeps counting during a hand-over; only the lease waits (see LeaseFenced).
        if (!LeaseFenced)
        {
            _ready.QuorumRound = round;
        }
        foreach (var old in _roundStartTicks.Keys.Where(r => r <= round).ToList())
        {
            _roundStartTicks.Remove(old);
        }
    }

    /// <summary>Raft §5.3 and §5.4.2: commit the newest index of this term stored on a majority of the voters.</summary>
    private void MaybeCommit()
    {
        for (var index = _log.LastIndex; index > _commitIndex; index--)
        {
            if (_log.TermAt(index) != _term)
            {
                break;
            }

            var stored = Voters.Count(m =>
                m.Id == _options.SelfId || (_progress.TryGetValue(m.Id, out var p) && p.MatchIndex >= index));
            if (stored >= Quorum)
            {
                CommitTo(index);
                return;
            }
        }
    }

    private void CommitTo(long index)
    {
        _commitIndex = index;
        CompletePendingChange();
        if (_log.Compact(_commitIndex))
        {
            _ready.Dirty = true;
        }

        // Thesis §4.2.2: a Goose that committed its own removal (or its demotion) steps down.
        if (!IsVoter)
        {
            BecomeFollower(_term, leaderId: null, FindMember(_options.SelfId) is null ? "removed from the configuration" : "no longer a voter");
        }
    }

    private void AbandonLeadership()
    {
        _progress.Clear();
        _roundStartTicks.Clear();
        FailPendingChange();
        ReleaseWaiting();
        AwaitHandover();
    }
}
