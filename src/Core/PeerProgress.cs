namespace DuckDuckGoose.Core;

/// <summary>What the Goose knows of one peer: replication progress and when it last answered.</summary>
/// <param name="Id">The peer's id.</param>
/// <param name="Url">The URL the peer is reached at.</param>
/// <param name="Voter">False for a newcomer still catching up as a learner (thesis §4.2.1).</param>
/// <param name="MatchIndex">Highest log index known to be stored on the peer (Raft §5.3).</param>
/// <param name="TicksSinceHeard">Ticks since the peer's last reply in this term, or null if it has not answered yet.</param>
public sealed record PeerProgress(string Id, string Url, bool Voter, long MatchIndex, long? TicksSinceHeard);
