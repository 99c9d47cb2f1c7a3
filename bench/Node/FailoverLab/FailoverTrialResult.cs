namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>One kill of the leader.</summary>
/// <param name="Number">1-based trial number.</param>
/// <param name="Killed">The killed member's index (0 to 2).</param>
/// <param name="Winner">The member that reported itself leader first, or null when none did before the deadline.</param>
/// <param name="FailoverMs">Kill until that report, or null.</param>
/// <param name="SplitVotes">Terms between the old leader's and the new one's: elections nobody won.</param>
/// <param name="Phases">The winner's record of the failover, when the system keeps one.</param>
internal sealed record FailoverTrialResult(int Number, int Killed, int? Winner, double? FailoverMs, long SplitVotes, FailoverPhases? Phases);
