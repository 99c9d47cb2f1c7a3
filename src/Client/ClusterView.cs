using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>The body of <c>GET /cluster</c>: the cluster as the answering node sees it.</summary>
/// <param name="NodeId">Id of the node that answered.</param>
/// <param name="Role">The answering node's role when it answered.</param>
/// <param name="Term">The answering node's current term.</param>
/// <param name="Goose">The Goose as the answering node knows it, or null.</param>
/// <param name="Members">Every member in the answering node's configuration, voters and non-voters, plus a newcomer still catching up (not a voter yet).</param>
/// <param name="TransferTarget">While the Goose hands over leadership, the member it hands over to.</param>
/// <param name="ClusterId">The id of the answering node's cluster, or null while it has not joined one.</param>
/// <param name="RefusedMessages">
/// Peer messages the answering node refused since it started, by reason (<c>foreign-cluster</c>: they named
/// another cluster; <c>not-a-member</c>: their sender is not in its configuration; <c>malformed</c>; <c>fault</c>:
/// the node could not take the message and logged why). A refused message changes nothing.
/// </param>
/// <param name="Voters">How many voters the cluster keeps (its <c>voters</c> setting); the Goose's Autopilot fills and frees seats to match.</param>
public sealed record ClusterView(
    string NodeId,
    NodeRole Role,
    long Term,
    Member? Goose,
    IReadOnlyList<ClusterMember> Members,
    string? TransferTarget,
    string? ClusterId = null,
    IReadOnlyDictionary<string, long>? RefusedMessages = null,
    int? Voters = null);
