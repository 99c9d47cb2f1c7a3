namespace DuckDuckGoose.Host.Metrics;

/// <summary>How an election this node stood in ended (the <c>result</c> label of <c>duckduckgoose_elections_total</c>).</summary>
public enum ElectionResult
{
    /// <summary>A majority voted for this node: it became the Leader of the election's term (Raft §5.2).</summary>
    Won,

    /// <summary>This node went back to Follower: it heard the Goose of its term, or saw a later term.</summary>
    Lost,

    /// <summary>
    /// The election timeout passed again before a majority answered (a split vote, or too few voters reachable),
    /// and the node went back to asking for pre-votes (thesis §9.6).
    /// </summary>
    TimedOut,
}
