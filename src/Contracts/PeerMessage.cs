using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// A message between nodes. Transports move these without looking inside: every request gets exactly
/// one reply message from the receiving node. Serialized as JSON with a <c>type</c> discriminator
/// (see <see cref="PeerJsonContext"/>).
/// </summary>
/// <param name="From">Node id of the sender.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(VoteRequest), "vote")]
[JsonDerivedType(typeof(VoteResponse), "vote-response")]
[JsonDerivedType(typeof(AppendRequest), "append")]
[JsonDerivedType(typeof(AppendResponse), "append-response")]
[JsonDerivedType(typeof(TimeoutNowRequest), "timeout-now")]
[JsonDerivedType(typeof(TimeoutNowResponse), "timeout-now-response")]
public abstract record PeerMessage(string From)
{
    /// <summary>
    /// The id of the sender's cluster, generated when the cluster was founded and kept with every
    /// member's durable state. A node refuses a message that names another cluster, so a node with
    /// another cluster's log can never vote, lead or be caught up here. Null from a node that has not
    /// learned its cluster's id yet (a joiner before its first AppendRequest, or state from a version
    /// without cluster ids); such messages are judged by the other rules alone.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cluster { get; init; }

    /// <summary>
    /// The sender's proof of origin, present when the sender holds a cluster secret (HMAC-SHA256, see
    /// <see cref="PeerAuth"/>). A node with a secret refuses a message without one that verifies.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PeerAuth? Auth { get; init; }
}
