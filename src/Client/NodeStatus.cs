using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>The body of <c>GET /status</c>.</summary>
/// <param name="Id">This node's id.</param>
/// <param name="Url">This node's advertised URL.</param>
/// <param name="Role">Goose or Duck, computed when read from the lease on the monotonic clock.</param>
/// <param name="State">Leader, Follower or Candidate.</param>
/// <param name="Term">Current term.</param>
/// <param name="Goose">The Goose as this node knows it, or null.</param>
/// <param name="MemberCount">Number of voting members in this node's configuration.</param>
/// <param name="Members">The voting members in this node's configuration.</param>
/// <param name="ClusterId">The id of this node's cluster, or null while it has not joined one yet.</param>
/// <param name="Voter">Whether this node votes; false for a non-voting Duck (it never stands, votes or counts for quorum).</param>
/// <param name="NonVoterCount">Number of non-voting members in this node's configuration (they are not listed here; <c>GET /cluster</c> lists them).</param>
/// <param name="Hooks">What this node's role hooks have done (runs, failures, whether the outside world knows its role).</param>
public sealed record NodeStatus(
    string Id,
    string Url,
    NodeRole Role,
    NodeState State,
    long Term,
    Member? Goose,
    int MemberCount,
    IReadOnlyList<Member> Members,
    HookStatus? Hooks = null,
    string? ClusterId = null,
    bool Voter = true,
    int NonVoterCount = 0);
