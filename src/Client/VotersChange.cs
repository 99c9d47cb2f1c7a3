using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Client;

/// <summary>The answer to <c>PUT /cluster/voters</c> once the new target is committed (or was already in force).</summary>
/// <param name="Voters">The voter target now in force.</param>
/// <param name="Goose">The Goose that decided the change.</param>
/// <param name="Members">Every member as the Goose knows it right after the change; Autopilot moves the voters to the target in the rounds that follow.</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record VotersChange(int Voters, Member? Goose, IReadOnlyList<Member> Members, string Detail);
