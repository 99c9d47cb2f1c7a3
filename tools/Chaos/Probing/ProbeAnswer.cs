using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Chaos.Probing;

/// <summary>
/// What one node answered to one <c>GET /status</c> of the prober. Times are milliseconds on the run's
/// monotonic clock (<see cref="RunClock"/>), the same clock the fault timeline uses.
/// </summary>
/// <param name="Round">The probe round: every node is asked at the same moment once per round.</param>
/// <param name="Node">The node, by index (node <c>n1</c> is 0).</param>
/// <param name="SentMs">When the request was sent (the same for every node of a round).</param>
/// <param name="ReceivedMs">When the answer, or the failure, arrived.</param>
/// <param name="Role">Goose or Duck; null when the node did not answer in time.</param>
/// <param name="State">Leader, Follower or Candidate; null when the node did not answer.</param>
/// <param name="Term">The node's term; 0 when it did not answer.</param>
/// <param name="GooseId">The Goose as the node knows it, or null.</param>
/// <param name="Error">Why there is no answer (refused, timed out), or null.</param>
/// <param name="Members">How many voting members the node knows; 0 when it did not answer.</param>
public sealed record ProbeAnswer(
    long Round,
    int Node,
    double SentMs,
    double ReceivedMs,
    NodeRole? Role,
    NodeState? State,
    long Term,
    string? GooseId = null,
    string? Error = null,
    int Members = 0)
{
    /// <summary>Whether the node answered.</summary>
    public bool Answered => Role is not null;

    /// <summary>Whether the node answered Goose.</summary>
    public bool IsGoose => Role == NodeRole.Goose;

    /// <summary>Whether the node answered Goose, or state Leader (a Leader whose lease ran out answers Duck).</summary>
    public bool ClaimsLeadership => Role == NodeRole.Goose || State == NodeState.Leader;
}
