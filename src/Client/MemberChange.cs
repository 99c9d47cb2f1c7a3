using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>The answer to a membership change that is done: committed by a majority, or already in force.</summary>
/// <param name="Member">The member added or removed.</param>
/// <param name="Goose">The Goose that decided the change.</param>
/// <param name="Members">The voting members after the change, as the Goose knows them.</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record MemberChange(Member Member, Member? Goose, IReadOnlyList<Member> Members, string Detail);
