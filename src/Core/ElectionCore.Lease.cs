using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// The promise behind the Goose's lease (Raft thesis §6.4.1, with check-quorum §6.2): a node that
/// acknowledged a Goose refuses to help elect anyone else for as long as that Goose may hold its lease,
/// judged by the lease the Goose announced as well as by this node's own settings, so members whose
/// timing differs never leave a lease uncovered.
/// </summary>
public sealed partial class ElectionCore
{
    /// <summary>
    /// Whether this node still honours a live Goose's lease (thesis §6.4.1 with check-quorum §6.2): a
    /// follower that heard from a Goose within its vote-refusal window (<see cref="CoreOptions.VoteRefusalTicks"/>),
    /// or a Goose that heard from a majority within its minimum election timeout, refuses to help elect anyone else.
    /// </summary>
    private bool InLease() => _state == NodeState.Leader
        ? _tickCount - _lastQuorumTick < _options.ElectionTimeoutTicks
        : _ticksSinceLeaderContact < _voteRefusalTicks;

    /// <summary>
    /// Whether a vote request may pass a lease this node honours: only an election a Goose asked for by
    /// handing over (thesis §3.10, §4.2.3), and only if the candidate could win this node's vote (§5.4.1) —
    /// compared before the term is raised, so a TimeoutNow of an aborted hand-over, reaching a target whose
    /// log lacks the no-op that fenced it, cannot move this node to a new term and depose a healthy Goose.
    /// A Goose asked only for its target's election, and refuses any other (it is not handing over, or
    /// hands over to another node). This holds for the pre-vote a hand-over's election starts with too.
    /// </summary>
    private bool MayDisregardLease(VoteRequest request) =>
        request.Transfer
        && (_state != NodeState.Leader || _transfer?.Target.Id == request.From)
        && _log.IsUpToDate(request.LastLogIndex, request.LastLogTerm);

    /// <summary>
    /// Notes the lease the Goose just heard announced (thesis §6.4.1): this node now refuses votes for long
    /// enough to honour it (<see cref="CoreOptions.VoteRefusalTicks"/>), and keeps it durable, before the
    /// acknowledgement leaves, so a restart does not shorten the promise.
    /// </summary>
    private void HonourLease(AppendRequest request)
    {
        if (request.LeaseMs != _gooseLeaseMs && request.LeaseMs >= 0)
        {
            _gooseLeaseMs = request.LeaseMs;
            _voteRefusalTicks = _options.VoteRefusalTicks(_gooseLeaseMs);
            _ready.Dirty = true;
        }
    }

    /// <summary>
    /// How many ticks after the last word from its Goose this node stops naming it: as long as it would refuse
    /// votes (<see cref="InLease"/>); for a non-voter, which hears the Goose only every keep-alive
    /// (<see cref="CoreOptions.NonVoterKeepAlive"/>), at least two keep-alives and a minimum election timeout.
    /// </summary>
    private int GooseMemoryTicks => FindMember(_options.SelfId) is { IsVoter: false }
        ? Math.Max(_voteRefusalTicks, (2 * _options.KeepAliveTicks) + _options.ElectionTimeoutTicks)
        : _voteRefusalTicks;
}
