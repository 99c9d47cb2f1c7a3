using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// What one step of the core asks its caller to do, in this order: persist <see cref="Persist"/>
/// (fsync'd) before anything else leaves the node, because replies and messages may depend on it
/// (Raft thesis §3.8); then apply the lease and publish <see cref="Status"/>, so a demoted Goose
/// stops reporting Goose before its vote for another node can leave; then send <see cref="Reply"/>
/// and <see cref="Messages"/>; then complete <see cref="Completed"/>. One exception, when
/// <see cref="RequestsMayLeaveBeforePersisted"/> says so: the step's requests may leave before its save.
/// </summary>
/// <param name="Persist">New durable state, or null if unchanged.</param>
/// <param name="Messages">Requests and replies to send, not awaited.</param>
/// <param name="Reply">Reply to the stepped request, if it was a request.</param>
/// <param name="Completed">Membership and transfer commands now decided.</param>
/// <param name="RoundStarted">A heartbeat round this step started; the caller notes the time (for the lease).</param>
/// <param name="QuorumRound">The newest round a majority has now acknowledged (for the lease).</param>
/// <param name="Status">The core's state after this step. While <see cref="CoreStatus.TransferTarget"/> is set the
/// lease must be dropped before <see cref="Messages"/> leave: they may hold a TimeoutNow, after which voters
/// disregard their promise to this Goose (thesis §4.2.3).</param>
/// <param name="Transitions">State changes during this step, oldest first, with their reasons.</param>
/// <param name="Refused">
/// Set when the stepped message was refused before any rule was applied (another cluster's, or from a
/// sender this node does not know): nothing changed, and a request gets no <see cref="Reply"/>; the caller
/// answers the sender with a refusal and counts it.
/// </param>
public sealed partial record Ready(
    DurableState? Persist,
    IReadOnlyList<Envelope> Messages,
    RaftMessage? Reply,
    IReadOnlyList<CommandResult> Completed,
    long? RoundStarted,
    long? QuorumRound,
    CoreStatus Status,
    IReadOnlyList<StateTransition> Transitions,
    PeerRefusal? Refused = null)
{
    /// <summary>Configuration changes the Goose's Autopilot started in this step, with their reasons.</summary>
    public IReadOnlyList<AutopilotDecision> Decisions { get; init; } = [];

    /// <summary>
    /// This node is the only voter of the configuration in force, so its own vote is a majority: no other
    /// node can be elected while it leads (Raft §5.2), and a Leader's lease needs no acknowledged round
    /// (<see cref="LeaderLease"/>). Such a Goose sends no heartbeat rounds unless it has members to keep up to date.
    /// </summary>
    public bool SoleVoter { get; init; }

    /// <summary>
    /// Whether <see cref="Messages"/> may leave before <see cref="Persist"/> is durable, the caller still
    /// finishing the save before it takes its next input and before it sends <see cref="Reply"/>. A request
    /// promises nothing: what a vote or an acknowledgement promises is in the reply, and only a reply
    /// waits for the disk (etcd's raft sends MsgVote and MsgApp at once and holds only their responses).
    /// What a request's answer proves is counted in a later step, after this save: a candidate's own vote
    /// (Raft §5.2) and a Goose's own copy of an entry (thesis §10.2.1: the leader may write to its disk in
    /// parallel with replicating) count only once on its disk. So true when this step persists and sends
    /// only vote requests and append requests whose entries change no configuration (a heartbeat, a new
    /// Goose's entry of its term), and none of these holds:
    /// <list type="bullet">
    /// <item>the commit index moved in this step: an append request would tell it before the entries
    /// behind it are on this node's disk, and a sole voter's own copy is the whole majority;</item>
    /// <item>the node led before this step and does not now: a demoted Goose stops reporting Goose
    /// before anything leaves (the type's order);</item>
    /// <item>a hand-over is under way: its lease must be dropped first (<see cref="Status"/>).</item>
    /// </list>
    /// A configuration entry or a snapshot waits for the save: a member takes a configuration as soon as it
    /// holds it, so if this node crashed before its save, a newcomer being added would believe itself a voter
    /// of a configuration no voter kept, and stand for election against the next Goose.
    /// </summary>
    /// <param name="before">The status published by the step before this one.</param>
    public bool RequestsMayLeaveBeforePersisted(CoreStatus before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return Persist is not null
            && Messages.Count > 0
            && Messages.All(e => e.Message is VoteRequest
                || (e.Message is AppendRequest { Snapshot: null } append && append.Entries.All(x => x.Members is null && x.Voters is null)))
            && Status.TransferTarget is null
            && !SoleVoter
            && Status.CommitIndex == before.CommitIndex
            && (before.State != NodeState.Leader || Status.State == NodeState.Leader);
    }
}
