namespace DuckDuckGoose.Contracts;

/// <summary>What an election timer may know about recent elections on this node and its place among the voters.</summary>
/// <param name="ConsecutiveFailedElections">Elections this node started since it last saw a Goose (0 when a Goose is known).</param>
/// <param name="Priority">This node's election priority in the configuration it knows (<see cref="Member.ElectionPriority"/>; 0 never stands).</param>
/// <param name="MaxPriority">The highest election priority among the voters of that configuration and this node; at least <paramref name="Priority"/>.</param>
public sealed record ElectionHistory(
    int ConsecutiveFailedElections,
    int Priority = Member.DefaultPriority,
    int MaxPriority = Member.DefaultPriority);
