using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDuckGoose.Cli.Watch;

namespace DuckDuckGoose.Cli;

/// <summary>
/// Source-generated JSON for what <c>duckctl</c> writes itself (watch snapshots), with the admin API's
/// options (web casing, enums as strings), so its JSON reads like the node's.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(WatchSnapshot))]
public sealed partial class CliJsonContext : JsonSerializerContext;
