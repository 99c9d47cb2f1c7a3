using System.Text.Json;
using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// Source-generated JSON metadata for every wire and admin type, so transports, the host and
/// reflection-free clients (file-based scripts) serialize them identically.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PeerMessage))]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(AddMemberRequest))]
[JsonSerializable(typeof(MemberChange))]
[JsonSerializable(typeof(StepDownRequest))]
[JsonSerializable(typeof(StepDownResult))]
[JsonSerializable(typeof(IReadOnlyList<ElectionEvent>))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(JoinChallenge))]
[JsonSerializable(typeof(JoinProof))]
public sealed partial class PeerJsonContext : JsonSerializerContext;
