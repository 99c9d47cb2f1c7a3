using System.Text.Json.Serialization;

namespace DuckDuckGoose.Client;

/// <summary>The body of <c>POST /cluster/step-down</c>.</summary>
/// <param name="TargetId">The member to hand leadership to; null or absent for the most up-to-date voter.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StepDownRequest(string? TargetId = null);
