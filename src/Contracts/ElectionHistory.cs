namespace DuckDuckGoose.Contracts;

/// <summary>What an election timer may know about recent elections on this node.</summary>
/// <param name="ConsecutiveFailedElections">Elections this node started since it last saw a Goose (0 when a Goose is known).</param>
public sealed record ElectionHistory(int ConsecutiveFailedElections);
