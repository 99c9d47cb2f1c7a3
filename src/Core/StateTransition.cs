using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>One change of the core's state, for the node's election event log.</summary>
/// <param name="From">State before.</param>
/// <param name="To">State after (Candidate to Candidate: a pre-vote turned into the real election).</param>
/// <param name="Term">The term after the change.</param>
/// <param name="Reason">Short human-readable cause, for example "check-quorum: no majority heard for 15 ticks".</param>
public sealed record StateTransition(NodeState From, NodeState To, long Term, string Reason);
