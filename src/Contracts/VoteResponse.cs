namespace DuckDuckGoose.Contracts;

/// <summary>Reply to a <see cref="VoteRequest"/>.</summary>
/// <param name="From">The voter.</param>
/// <param name="Term">The voter's current term; for a granted pre-vote, the term asked about.</param>
/// <param name="Granted">Whether the vote (or pre-vote) was granted.</param>
/// <param name="PreVote">Echoes the request's flag.</param>
/// <param name="Transfer">Echoes the request's flag, so a grant for a hand-over's election is never counted for another.</param>
public sealed record VoteResponse(string From, long Term, bool Granted, bool PreVote, bool Transfer = false) : RaftMessage(From, Term);
