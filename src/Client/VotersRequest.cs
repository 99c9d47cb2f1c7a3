using System.Text.Json.Serialization;

namespace DuckDuckGoose.Client;

/// <summary>The body of <c>PUT /cluster/voters</c>.</summary>
/// <param name="Voters">How many voters the cluster keeps: odd, from 1 to 9. Autopilot then promotes or demotes members one at a time to match.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VotersRequest(int Voters);
