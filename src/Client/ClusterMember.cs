namespace DuckDuckGoose.Client;

/// <summary>One member in a <see cref="ClusterView"/>.</summary>
/// <param name="Id">The member's node id.</param>
/// <param name="Url">The URL its peers and admins reach it at.</param>
/// <param name="Voter">True for a voting member; false for a non-voting Duck, and for a newcomer the Goose is still catching up (Raft thesis §4.2.1).</param>
/// <param name="IsGoose">True for the Goose as the answering node knows it.</param>
/// <param name="LastHeardMs">
/// Only when the Goose answers: milliseconds since it last heard from this member (0 for itself); null when
/// a Duck answers or the Goose has not heard from the member in this term.
/// </param>
/// <param name="MatchIndex">Only when the Goose answers: the newest log index known to be stored on the member.</param>
public sealed record ClusterMember(string Id, string Url, bool Voter, bool IsGoose, long? LastHeardMs, long? MatchIndex);
