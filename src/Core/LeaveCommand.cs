namespace DuckDuckGoose.Core;

/// <summary>
/// A member's request to leave for now (a node stopping on purpose): a non-voter is removed; a voter's seat
/// goes to a healthy non-voter and it stays a non-voter. The Goose itself hands over first (see <see cref="TransferCommand"/>).
/// </summary>
/// <param name="Id">Caller-chosen id, echoed in the <see cref="CommandResult"/>.</param>
/// <param name="MemberId">The member that leaves.</param>
public sealed record LeaveCommand(long Id, string MemberId);
