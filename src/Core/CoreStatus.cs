using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// The core's state after a step. Whether a Leader is reported as Goose is the lease's call (<see cref="LeaderLease"/>).
/// What a Goose knows of each follower is not part of it (<see cref="ElectionCore.MemberProgress"/>, built when asked), so
/// that a step costs the same whatever the number of members.
/// </summary>
/// <param name="SelfId">This node's id.</param>
/// <param name="State">Follower, Candidate or Leader.</param>
/// <param name="Term">Current term.</param>
/// <param name="Leader">The Goose of this term as far as this node knows, or null.</param>
/// <param name="Members">The configuration in force, voters and non-voters (<see cref="Member.IsVoter"/>).</param>
/// <param name="CommitIndex">Highest index known committed.</param>
/// <param name="TransferTarget">While this Leader hands over leadership, the target's id (the lease is dropped meanwhile); otherwise null.</param>
/// <param name="ClusterId">The id of this node's cluster (<see cref="DurableState.ClusterId"/>), or null.</param>
/// <param name="Voters">How many voters the configuration in force asks for (<see cref="LogEntry.Voters"/>).</param>
public sealed record CoreStatus(
    string SelfId,
    NodeState State,
    long Term,
    Member? Leader,
    IReadOnlyList<Member> Members,
    long CommitIndex,
    string? TransferTarget,
    string? ClusterId = null,
    int Voters = VoterTarget.Default);
