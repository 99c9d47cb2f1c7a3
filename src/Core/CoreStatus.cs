using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>The core's state after a step. Whether a Leader is reported as Goose is the lease's call (<see cref="LeaderLease"/>).</summary>
public sealed record CoreStatus(
    string SelfId,
    NodeState State,
    long Term,
    Member? Leader,
    IReadOnlyList<Member> Members,
    long CommitIndex);
