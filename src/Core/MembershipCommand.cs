using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>An admin request to change membership by one server (Raft thesis §4.1).</summary>
/// <param name="Id">Caller-chosen id, echoed in the <see cref="CommandResult"/>.</param>
/// <param name="Change">Add or remove.</param>
/// <param name="Member">The server to add or remove.</param>
public sealed record MembershipCommand(long Id, MembershipChange Change, Member Member);
