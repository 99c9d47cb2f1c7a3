using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Watch;

/// <summary>One member in a <see cref="WatchSnapshot"/>: what the configuration says of it and what it answered itself.</summary>
/// <param name="Id">The member's node id.</param>
/// <param name="Url">The URL it is reached at, as the configuration has it.</param>
/// <param name="Voter">Whether it votes.</param>
/// <param name="LastHeardMs">When the members came from the Goose: how long ago it last heard from this member; else null.</param>
/// <param name="MatchIndex">When the members came from the Goose: the newest log index stored on this member; else null.</param>
/// <param name="Status">What the member answered to <c>GET /status</c>; null when it did not answer.</param>
/// <param name="Error">Why it did not answer; null when it did.</param>
public sealed record WatchRow(string Id, string Url, bool Voter, long? LastHeardMs, long? MatchIndex, NodeStatus? Status, string? Error);
