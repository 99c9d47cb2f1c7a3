namespace DuckDuckGoose.Contracts;

/// <summary>Reply to an <see cref="AppendRequest"/>.</summary>
/// <param name="From">The follower.</param>
/// <param name="Term">The follower's current term.</param>
/// <param name="Round">The request's round, echoed.</param>
/// <param name="Success">Whether the log matched at the request's previous index.</param>
/// <param name="MatchIndex">On success the last index known to match; on failure the follower's last index, as a hint.</param>
public sealed record AppendResponse(string From, long Term, long Round, bool Success, long MatchIndex)
    : RaftMessage(From, Term);
