namespace DuckDuckGoose.Core;

/// <summary>What the Goose tracks per follower (Raft §5.3 nextIndex/matchIndex, plus the newest acknowledged heartbeat round for the lease and the tick of its last reply).</summary>
internal sealed class Progress(long nextIndex)
{
    public long NextIndex { get; set; } = nextIndex;

    public long MatchIndex { get; set; }

    public long AckedRound { get; set; }

    /// <summary>Tick of the last reply of this term from the peer, or null if none yet.</summary>
    public long? LastHeardTick { get; set; }
}
