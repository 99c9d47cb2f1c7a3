using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>
/// Source-generated JSON metadata for every admin API type, so the typed client (<see cref="DuckApiClient"/>),
/// the host and reflection-free clients (file-based scripts) read and write them identically. The options
/// are those of <see cref="PeerJsonContext"/>, so a <see cref="Member"/> reads the same in both.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(AddMemberRequest))]
[JsonSerializable(typeof(MemberChange))]
[JsonSerializable(typeof(StepDownRequest))]
[JsonSerializable(typeof(StepDownResult))]
[JsonSerializable(typeof(VotersRequest))]
[JsonSerializable(typeof(VotersChange))]
[JsonSerializable(typeof(IReadOnlyList<ElectionEvent>))]
[JsonSerializable(typeof(ApiProblem))]
public sealed partial class DuckApiJsonContext : JsonSerializerContext;
