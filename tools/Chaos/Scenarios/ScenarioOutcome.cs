namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>What a scenario found.</summary>
/// <param name="Report">Its report, in markdown.</param>
/// <param name="Failed">Whether the run fails: an overlap, a term with two leaders, or no agreed Goose at the end.</param>
public sealed record ScenarioOutcome(string Report, bool Failed);
