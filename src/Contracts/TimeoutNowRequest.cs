namespace DuckDuckGoose.Contracts;

/// <summary>
/// TimeoutNow (Raft thesis §3.10): the Goose, handing over leadership, asks its caught-up target to
/// start an election at once, without waiting for its timer and without a pre-vote.
/// </summary>
/// <param name="From">The Goose handing over.</param>
/// <param name="Term">The Goose's term.</param>
/// <param name="LastLogIndex">
/// Index of the Goose's last log entry when it sent this. The target acts only if its own log ends exactly
/// there in <paramref name="Term"/>: after an aborted transfer the Goose appends a no-op, so a TimeoutNow
/// delivered late finds the target either holding that no-op (and refusing) or lacking it (and unable to
/// win, §5.4.1).
/// </param>
public sealed record TimeoutNowRequest(string From, long Term, long LastLogIndex) : RaftMessage(From, Term);
