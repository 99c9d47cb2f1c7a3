using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>One configuration change the Goose's Autopilot started, with its reason, for the node's event log.</summary>
/// <param name="Action">Promote, demote or remove.</param>
/// <param name="Member">The member as it was before the change.</param>
/// <param name="Term">The Goose's term.</param>
/// <param name="Reason">Why, in words: the seats, the target and how long the member was unheard.</param>
public sealed record AutopilotDecision(AutopilotAction Action, Member Member, long Term, string Reason);
