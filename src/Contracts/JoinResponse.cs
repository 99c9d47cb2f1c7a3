namespace DuckDuckGoose.Contracts;

/// <summary>Reply to a <see cref="JoinRequest"/>.</summary>
/// <param name="From">Node id of the replying node.</param>
/// <param name="Outcome">What became of the request.</param>
/// <param name="Goose">The Goose as the replying node knows it, if any.</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record JoinResponse(string From, MembershipOutcome Outcome, Member? Goose, string Detail) : PeerMessage(From);
