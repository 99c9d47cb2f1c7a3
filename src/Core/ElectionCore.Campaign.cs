using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>Elections: the follower's timer, pre-vote, voting and winning (Raft §5.2, §5.4.1, thesis §9.6).</summary>
public sealed partial class ElectionCore
{
    private readonly HashSet<string> _votes = [];
    private bool _preCandidate;

    // The election under way was asked for by a hand-over (its vote requests carry the Transfer flag).
    private bool _transferElection;

    // The tick a candidate last asked the voters whose grants it lacks (see AskForVotes).
    private long _votesAskedTick;

    private void TickElection()
    {
        // A node outside its own configuration (still joining, or removed) never campaigns (thesis §4.2.2),
        // nor does a voter of priority 0 (nofailover): it waits for a Goose however long that takes; unless
        // that configuration is not committed yet and the committed one lets it stand (see MayCampaign).
        if (!MayCampaign)
        {
            return;
        }

        // A node still honouring a Goose's lease does not campaign: its own vote would break the promise it
        // gave with its acknowledgement (thesis §6.4.1). With equal settings the timeout is never shorter
        // than the promise; after a Goose with a longer lease (a timeout being changed one node at a time)
        // it is, and the node waits it out.
        //
        // The randomized timeout only keeps voters from splitting the vote; a sole voter has nobody to
        // split it with or wait for (its quorum is itself), so it stands at once, as a node that founds a
        // cluster does on its first tick.
        _electionElapsed++;
        if ((_electionElapsed >= _electionTimeout || SoleVoter) && !InLease())
        {
            StartPreVote();
        }
        else if (_state == NodeState.Candidate && _tickCount - _votesAskedTick >= _options.HeartbeatTicks)
        {
            AskForVotes();
        }
    }

    /// <summary>
    /// Thesis §9.6: before raising its term, a node asks whether it could win. A node cut off from the
    /// cluster, or one that just restarted, keeps failing this round, so it never inflates terms or
    /// deposes a healthy Goose when it comes back.
    /// </summary>
    private void StartPreVote()
    {
        _failedElections++;
        if (_state != NodeState.Candidate || !_preCandidate)
        {
            NoteTransition(NodeState.Candidate, $"election timeout: pre-vote for term {_term + 1}");
        }

        _state = NodeState.Candidate;
        _preCandidate = true;
        _transferElection = false;
        _leaderId = null;
        _votes.Clear();
        CountOwnVote();
        ResetElectionTimer();
        if (_votes.Count >= Quorum)
        {
            StartElection("pre-vote won: sole voter");
            return;
        }

        AskForVotes();
    }

    /// <summary>
    /// Raft §5.2: increment the term, vote for self, ask every other voter. <paramref name="transfer"/>
    /// marks an election a Goose asked for with TimeoutNow (thesis §3.10), which skips the pre-vote.
    /// </summary>
    private void StartElection(string reason, bool transfer = false)
    {
        _term++;
        _votedFor = _options.SelfId;
        _ready.Dirty = true;
        NoteTransition(NodeState.Candidate, reason);
        _state = NodeState.Candidate;
        _preCandidate = false;
        _transferElection = transfer;
        _votes.Clear();
        CountOwnVote();
        ResetElectionTimer();
        if (_votes.Count >= Quorum)
        {
            BecomeLeader();
            return;
        }

        // The self-vote counts only once the new term and vote are on disk: the replies are later steps, taken
        // after this one's save. The requests themselves may leave before it (Ready.RequestsMayLeaveBeforePersisted).
        AskForVotes();
    }

    /// <summary>
    /// Sends this candidate's vote requests, pre-vote or real, to every voter whose grant it lacks, and asks
    /// them again every heartbeat interval until the election is won or times out (Raft §5.1: a server retries
    /// a request that gets no answer in time). A request or its answer lost on the way then costs a heartbeat
    /// interval, not a new election timeout; so does a refusal from a voter still honouring the lease of a
    /// Goose that died (thesis §6.4.1): its last heartbeat may have reached that voter a round after this node's,
    /// and that promise ends a round later. Asking again changes nothing at a voter: a pre-vote raises no term,
    /// and a real vote goes to the candidate it went to before (Raft §5.2).
    /// </summary>
    private void AskForVotes()
    {
        _votesAskedTick = _tickCount;
        foreach (var peer in Peers)
        {
            if (!_votes.Contains(peer.Id))
            {
                Send(peer, _preCandidate
                    ? new VoteRequest(_options.SelfId, _term + 1, _log.LastIndex, _log.LastTerm, PreVote: true)
                    : new VoteRequest(_options.SelfId, _term, _log.LastIndex, _log.LastTerm, PreVote: false, _transferElection));
            }
        }
    }

    private void HandleVoteRequest(VoteRequest request)
    {
        // Raft §5.2 and §5.4.1: one vote per term, first come first served, only for a log at least as up
        // to date. A pre-vote may also be granted for a later term (thesis §9.6) unless a Goose is heard.
        // Thesis §4.2.3: an election the Goose asked for by handing over (§3.10) disregards the lease;
        // the Goose dropped its lease before its TimeoutNow left. Log up-to-dateness still applies.
        var canVote = _votedFor == request.From
            || (_votedFor is null && _leaderId is null)
            || (request.PreVote && request.Term > _term);
        var granted = canVote
            && (request.Transfer || !InLease())
            && _log.IsUpToDate(request.LastLogIndex, request.LastLogTerm)
            && !OutranksPreVoteFrom(request);

        // Two nodes whose timeouts fell within a round trip of each other pre-vote for the same term; each
        // would grant the other's and both would split the real vote. The one that is outranked (see
        // OutranksPreVoteFrom) yields: it grants, gives up its own pre-vote and waits a full timeout.
        if (granted && request.PreVote && PreVotingFor(request.Term))
        {
            ChangeState(NodeState.Follower, $"yielded to {request.From}'s pre-vote for term {request.Term}");
            _votes.Clear();
            _preCandidate = false;
            ResetElectionTimer();
        }

        if (granted && !request.PreVote)
        {
            _votedFor = request.From;
            _ready.Dirty = true;

            // Raft §5.2: granting a vote resets the election timer, so this node does not compete at once.
            _electionElapsed = 0;
        }
        else if (granted && _state == NodeState.Follower)
        {
            // The same for a pre-vote (thesis §9.6 leaves it open): its candidate is one round trip and a disk
            // write from asking for the real vote, and a follower whose own timeout fell in that window would
            // win its own pre-vote too and split the vote (a failover then waits one more timeout).
            _electionElapsed = 0;
        }

        _ready.Reply = new VoteResponse(
            _options.SelfId,
            granted && request.PreVote ? request.Term : _term,
            granted,
            request.PreVote,
            request.Transfer);
    }

    private void HandleVoteResponse(VoteResponse response)
    {
        if (CountTransferGrant(response))
        {
            return;
        }

        // A grant for a hand-over's election counts for no other (it may have disregarded a lease).
        if (_state != NodeState.Candidate || !response.Granted || response.Transfer != _transferElection)
        {
            return;
        }

        var current = response.PreVote
            ? _preCandidate && response.Term == _term + 1
            : !_preCandidate && response.Term == _term;
        // Only a voter's grant counts (a non-voter may grant: it may have been promoted without knowing yet).
        if (!current || FindMember(response.From) is not { IsVoter: true })
        {
            return;
        }

        _votes.Add(response.From);
        if (_votes.Count < Quorum)
        {
            return;
        }

        if (_preCandidate)
        {
            StartElection($"pre-vote won from {OtherVoters()}");
        }
        else
        {
            BecomeLeader();
        }
    }

    /// <summary>
    /// Whether this node, pre-voting for the same term as <paramref name="request"/>'s pre-vote, outranks its
    /// sender: a more up-to-date log (which the sender would need anyway), or as up to date and the lower
    /// id. Two pre-candidates thus never both win their pre-votes from each other.
    /// </summary>
    private bool OutranksPreVoteFrom(VoteRequest request) =>
        request.PreVote
        && PreVotingFor(request.Term)
        && (!_log.IsUpToDate(request.LastLogIndex, request.LastLogTerm)
            || (request.LastLogIndex == _log.LastIndex && request.LastLogTerm == _log.LastTerm
                && string.CompareOrdinal(_options.SelfId, request.From) < 0));

    /// <summary>Whether this node is itself asking for pre-votes for <paramref name="term"/>.</summary>
    private bool PreVotingFor(long term) => _state == NodeState.Candidate && _preCandidate && term == _term + 1;

    private string OtherVoters() => string.Join(", ", _votes.Where(v => v != _options.SelfId));
}
