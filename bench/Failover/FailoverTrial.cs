namespace DuckDuckGoose.Bench.Failover;

/// <summary>One kill of the Goose.</summary>
/// <param name="Number">1-based trial number.</param>
/// <param name="Killed">The killed node's label.</param>
/// <param name="NewGoose">The node that answered Goose first, or null when none did before the deadline.</param>
/// <param name="Failover">Kill until that answer, or null when none came.</param>
/// <param name="Rejoined">Restart of the killed node until it answered Duck and named the new Goose.</param>
internal sealed record FailoverTrial(int Number, string Killed, string? NewGoose, TimeSpan? Failover, TimeSpan Rejoined);
