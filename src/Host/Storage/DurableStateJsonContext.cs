using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Storage;

/// <summary>Source-generated JSON metadata for the state file.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(DurableState))]
internal sealed partial class DurableStateJsonContext : JsonSerializerContext;
