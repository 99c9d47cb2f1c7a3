namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// One DuckDuckGoose failover split at the winner's election events (<c>GET /events</c>), each in
/// milliseconds since the kill (wall clock: the events carry UTC times).
/// </summary>
/// <param name="LastHeartbeat">The last heartbeat of the killed Goose reached the winner (negative: before the kill), as its timer event records it.</param>
/// <param name="TimerFired">Its election timer fired: Follower to Candidate, "election timeout: pre-vote".</param>
/// <param name="PreVoteWon">Pre-vote won: the term raised to the new one (saved before the vote requests leave).</param>
/// <param name="VoteWon">Vote won: state Leader in the new term.</param>
/// <param name="FirstAcknowledgedRound">A majority acknowledged its first heartbeat round: role Goose (lease granted).</param>
/// <param name="Reported">The benchmark's poll first saw it answer Goose on <c>/status</c>.</param>
internal sealed record FailoverPhases(double LastHeartbeat, double TimerFired, double PreVoteWon, double VoteWon, double FirstAcknowledgedRound, double Reported);
