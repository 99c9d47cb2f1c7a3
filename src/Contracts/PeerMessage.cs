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
public abstract record PeerMessage(string From);
