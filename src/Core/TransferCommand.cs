namespace DuckDuckGoose.Core;

/// <summary>An admin request that the Goose hand over leadership (Raft thesis §3.10).</summary>
/// <param name="Id">Caller-chosen id, echoed in the <see cref="CommandResult"/>.</param>
/// <param name="TargetId">The voter to hand over to, or null for the most up-to-date voter (highest match index, then most recently heard).</param>
public sealed record TransferCommand(long Id, string? TargetId);
