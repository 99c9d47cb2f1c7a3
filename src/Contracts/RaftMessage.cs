namespace DuckDuckGoose.Contracts;

/// <summary>A Raft RPC or its reply; every one carries the sender's current term (Raft §5.1).</summary>
/// <param name="From">Node id of the sender.</param>
/// <param name="Term">The sender's current term (for a pre-vote request, the term it would campaign in).</param>
public abstract record RaftMessage(string From, long Term) : PeerMessage(From);
