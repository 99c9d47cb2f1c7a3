namespace DuckDuckGoose.Contracts;

/// <summary>RequestVote (Raft §5.2), or the pre-vote that precedes it (Raft thesis §9.6).</summary>
/// <param name="From">The candidate.</param>
/// <param name="Term">The candidate's term; for a pre-vote, the term it would campaign in.</param>
/// <param name="LastLogIndex">Index of the candidate's last log entry (Raft §5.4.1).</param>
/// <param name="LastLogTerm">Term of the candidate's last log entry.</param>
/// <param name="PreVote">True for a pre-vote, which changes no state on the receiver.</param>
/// <param name="Transfer">
/// True when this election was started by a leadership transfer (a <see cref="TimeoutNowRequest"/>):
/// voters then disregard their promise to the current Goose (Raft thesis §4.2.3), because that Goose
/// asked for it and gave up its lease first.
/// </param>
public sealed record VoteRequest(string From, long Term, long LastLogIndex, long LastLogTerm, bool PreVote, bool Transfer = false)
    : RaftMessage(From, Term);
