namespace DuckDuckGoose.Core;

/// <summary>What the Goose tracks per follower (Raft §5.3 nextIndex/matchIndex, plus the newest acknowledged heartbeat round for the lease).</summary>
internal sealed class Progress(long nextIndex)
{
    public long NextIndex { get; set; } = nextIndex;

    public long MatchIndex { get; set; }

    public long AckedRound { get; set; }
}
