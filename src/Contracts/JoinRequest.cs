namespace DuckDuckGoose.Contracts;

/// <summary>Asks a member to add <paramref name="Member"/> to the cluster (Raft thesis §4.1). A Duck passes it to the Goose.</summary>
/// <param name="From">Node id of the sender.</param>
/// <param name="Member">The node to add.</param>
public sealed record JoinRequest(string From, Member Member) : PeerMessage(From);
