namespace DuckDuckGoose.Chaos.Checking;

/// <summary>A term in which two or more nodes answered Goose or state Leader: Raft's election safety broken.</summary>
/// <param name="Term">The term.</param>
/// <param name="Nodes">The nodes that claimed it.</param>
public sealed record TwoLeaderTerm(long Term, IReadOnlyList<int> Nodes);
