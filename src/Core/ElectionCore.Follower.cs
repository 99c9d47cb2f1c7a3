using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>A Duck following its Goose: heartbeats, the log matching check, and commit (Raft §5.3, §7).</summary>
public sealed partial class ElectionCore
{
    private void HandleAppendRequest(AppendRequest request)
    {
        if (_state == NodeState.Leader)
        {
            // Raft §5.2 allows one leader per term, so this cannot come from a correct peer; refuse it.
            _ready.Reply = new AppendResponse(_options.SelfId, _term, request.Round, false, _log.LastIndex);
            return;
        }

        // A Goose is heard: elections are no longer failing, and the timeout that runs from now on is drawn as
        // after a Goose was heard (the timer widens its range only while elections fail, Raft §9.3). One drawn
        // while they failed (this node's pre-vote lost or yielded, or it was carried into this term by a vote
        // request) is drawn again, or the wider range would last the whole term and slow the next failover.
        var failed = _failedElections > 0;
        _failedElections = 0;

        // Raft §5.2: a candidate that hears from the Goose of its term returns to follower.
        if (_state == NodeState.Candidate)
        {
            BecomeFollower(_term, request.From, $"heard the Goose {request.From} of term {request.Term}");
        }
        else if (failed)
        {
            ResetElectionTimer();
        }

        CompleteHandover(request);

        _leaderId = request.From;
        _electionElapsed = 0;
        _ticksSinceLeaderContact = 0;
        LearnClusterId(request);
        HonourLease(request);

        if (request.Snapshot is { } snapshot && _log.Install(snapshot))
        {
            _commitIndex = Math.Max(_commitIndex, snapshot.Index);
            _ready.Dirty = true;
        }

        // Raft §5.3 log matching: refuse unless our log holds the entry before the new ones. An index
        // below our base is committed and so matches by the Log Matching Property.
        var prevTerm = _log.TermAt(request.PrevLogIndex);
        var matches = request.PrevLogIndex < _log.Base.Index || prevTerm == request.PrevLogTerm;
        if (!matches)
        {
            _ready.Reply = new AppendResponse(
                _options.SelfId,
                _term,
                request.Round,
                false,
                Math.Min(_log.LastIndex, request.PrevLogIndex - 1));
            return;
        }

        if (_log.Merge(request.Entries))
        {
            _ready.Dirty = true;
        }

        // Raft §5.3: commit no further than the last entry this request vouched for.
        var lastVouched = request.Entries.Count > 0 ? request.Entries[^1].Index : request.PrevLogIndex;
        var commit = Math.Min(request.CommitIndex, lastVouched);
        if (commit > _commitIndex)
        {
            _commitIndex = commit;
            if (_log.Compact(_commitIndex))
            {
                _ready.Dirty = true;
            }
        }

        _ready.Reply = new AppendResponse(_options.SelfId, _term, request.Round, true, Math.Max(lastVouched, _log.Base.Index));
    }
}
