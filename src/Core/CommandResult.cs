using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>The decision on a <see cref="MembershipCommand"/> or a <see cref="TransferCommand"/>.</summary>
public sealed record CommandResult(long CommandId, MembershipOutcome Outcome, Member? Goose, string Detail);
