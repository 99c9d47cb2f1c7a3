using System.Text.Json;
using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// Source-generated JSON metadata for every message between nodes, so transports, the host and tools
/// serialize them identically. The admin API's types have their own context in DuckDuckGoose.Client,
/// with the same options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PeerMessage))]
[JsonSerializable(typeof(JoinChallenge))]
[JsonSerializable(typeof(JoinProof))]
public sealed partial class PeerJsonContext : JsonSerializerContext;
