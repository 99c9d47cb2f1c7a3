namespace DuckDuckGoose.Core;

/// <summary>An admin request to change how many voters the cluster keeps (its <c>voters</c> setting, <see cref="Contracts.VoterTarget"/>).</summary>
/// <param name="Id">Caller-chosen id, echoed in the <see cref="CommandResult"/>.</param>
/// <param name="Voters">The new target: odd, from 1 to 9.</param>
public sealed record VotersCommand(long Id, int Voters);
