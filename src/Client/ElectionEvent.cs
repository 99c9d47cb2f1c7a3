using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>One entry of a node's recent election events (<c>GET /events</c>).</summary>
/// <param name="At">Wall-clock time the node noticed the change (UTC).</param>
/// <param name="Term">The node's term after the change.</param>
/// <param name="State">Leader, Follower or Candidate after the change.</param>
/// <param name="Role">Goose or Duck after the change.</param>
/// <param name="PreviousState">The state before.</param>
/// <param name="PreviousRole">The role before.</param>
/// <param name="GooseId">The Goose as the node knows it after the change, or null.</param>
/// <param name="Reason">Why it changed, in words.</param>
/// <param name="LastHeardFromGoose">
/// For a Follower that starts an election (its timer fired, or a hand-over told it to): when a heartbeat of
/// the Goose it followed last arrived (UTC), so a failover can be timed from the Goose's last word. Null for
/// every other change, and when this node never heard from a Goose.
/// </param>
/// <param name="Autopilot">
/// Set on a decision of the Goose's Autopilot, which changes the configuration, not this node's state:
/// <c>promote</c> (a non-voter got a voting seat), <c>demote</c> (a voter became a non-voter) or <c>remove</c>
/// (a long-dead non-voter left); <see cref="Reason"/> says why. Null on every state or role change.
/// </param>
/// <param name="MemberId">With <paramref name="Autopilot"/>: the member it promoted, demoted or removed.</param>
public sealed record ElectionEvent(
    DateTimeOffset At,
    long Term,
    NodeState State,
    NodeRole Role,
    NodeState PreviousState,
    NodeRole PreviousRole,
    string? GooseId,
    string Reason,
    DateTimeOffset? LastHeardFromGoose = null,
    string? Autopilot = null,
    string? MemberId = null);
