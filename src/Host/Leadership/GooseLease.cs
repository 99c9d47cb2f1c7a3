namespace DuckDuckGoose.Host.Leadership;

/// <summary>
/// One tenure as the Goose: the term it was won in and a token that is cancelled the moment the node
/// stops being the Goose (its lease ran out, the core left the Leader state, or the host is stopping).
/// </summary>
/// <param name="Term">
/// The Raft term of this tenure. Terms only grow and a term has at most one Goose, so the term is a
/// fencing token: pass it to whatever the job writes to and let that refuse a smaller one.
/// </param>
/// <param name="Token">Cancelled when this tenure ends; never reset (a later tenure gets a new lease).</param>
public sealed record GooseLease(long Term, CancellationToken Token);
