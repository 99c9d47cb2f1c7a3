namespace DuckDuckGoose.Core;

/// <summary>
/// What the Goose tracks per follower (Raft §5.3 nextIndex/matchIndex, plus the newest acknowledged heartbeat
/// round for the lease, the tick of its last reply, and what was last sent to a non-voter).
/// </summary>
internal sealed class Progress(long nextIndex, long sinceTick = 0)
{
    public long NextIndex { get; set; } = nextIndex;

    public long MatchIndex { get; set; }

    public long AckedRound { get; set; }

    /// <summary>Tick of the last reply of this term from the peer, or null if none yet.</summary>
    public long? LastHeardTick { get; set; }

    /// <summary>Tick this Goose began tracking the peer: a peer never heard counts as unheard since then.</summary>
    public long SinceTick { get; } = sinceTick;

    /// <summary>Tick of the last AppendRequest sent to the peer, or null if none yet.</summary>
    public long? LastSentTick { get; set; }

    /// <summary>The commit index the last AppendRequest to the peer carried.</summary>
    public long SentCommit { get; set; }

    /// <summary>Ticks since the peer last answered (or since tracking began, if it never did).</summary>
    public long UnheardFor(long now) => now - (LastHeardTick ?? SinceTick);
}
