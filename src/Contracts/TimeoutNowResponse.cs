namespace DuckDuckGoose.Contracts;

/// <summary>Reply to a <see cref="TimeoutNowRequest"/>.</summary>
/// <param name="From">The transfer target.</param>
/// <param name="Term">The target's current term (the new election's term when it accepted).</param>
/// <param name="Accepted">Whether the target started an election.</param>
/// <param name="Reason">Why the target refused, or null when it accepted.</param>
public sealed record TimeoutNowResponse(string From, long Term, bool Accepted, string? Reason) : RaftMessage(From, Term);
