namespace DuckDuckGoose.Contracts;

/// <summary>AppendEntries (Raft §5.3), which is also the Goose's heartbeat.</summary>
/// <param name="From">The Goose.</param>
/// <param name="Term">The Goose's term.</param>
/// <param name="Round">Heartbeat round number, echoed in the reply so the Goose can time its lease.</param>
/// <param name="PrevLogIndex">Index of the entry just before <paramref name="Entries"/>.</param>
/// <param name="PrevLogTerm">Term of that entry.</param>
/// <param name="Entries">Entries to store (usually none).</param>
/// <param name="CommitIndex">The Goose's commit index.</param>
/// <param name="Snapshot">The Goose's committed prefix, sent when the follower is behind it (Raft §7).</param>
/// <param name="LeaseMs">
/// The lease, in milliseconds, the Goose holds from the start of a round a majority acknowledged (Raft thesis
/// §6.4.1). A follower refuses votes for at least this long plus a drift margin after hearing it, and for at
/// least its own minimum election timeout, so the Goose's lease stays safe while members run with
/// different timing settings (a timeout being changed one node at a time). 0 from a Goose that names none.
/// </param>
public sealed record AppendRequest(
    string From,
    long Term,
    long Round,
    long PrevLogIndex,
    long PrevLogTerm,
    IReadOnlyList<LogEntry> Entries,
    long CommitIndex,
    Snapshot? Snapshot,
    long LeaseMs = 0) : RaftMessage(From, Term);
