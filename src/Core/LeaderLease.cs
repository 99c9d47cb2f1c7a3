namespace DuckDuckGoose.Core;

/// <summary>
/// The Goose's lease on the caller's monotonic clock (Raft thesis §6.4.1). A heartbeat round that a
/// majority acknowledged proves that majority heard from this Goose no earlier than the round's start,
/// and each of them refuses votes for the minimum election timeout after hearing it; so the lease runs
/// from the round's start for a duration shorter than that timeout by a clock-drift margin. The role is
/// computed when read (<see cref="IsHeldAt"/>), so a stalled node fences itself.
/// Not thread-safe: the node actor writes it; readers use the published <see cref="ExpiresAt"/>.
/// </summary>
public sealed class LeaderLease
{
    private readonly long _duration;
    private readonly Dictionary<long, long> _roundStarts = [];

    /// <summary>Creates a lease of <paramref name="duration"/> clock units.</summary>
    public LeaderLease(long duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(duration);
        _duration = duration;
    }

    /// <summary>
    /// <see cref="ExpiresAt"/> of a sole voter's lease, which runs out only when the node stops leading or
    /// stops being the only voter: nobody else can be elected meanwhile (<see cref="Ready.SoleVoter"/>).
    /// </summary>
    public const long Unbounded = long.MaxValue;

    /// <summary>Monotonic time the lease runs out at; <see cref="long.MinValue"/> when not held, <see cref="Unbounded"/> for a sole voter.</summary>
    public long ExpiresAt { get; private set; } = long.MinValue;

    /// <summary>Whether the lease is held at <paramref name="now"/>.</summary>
    public bool IsHeldAt(long now) => now < ExpiresAt;

    /// <summary>Applies one step's lease effects at monotonic time <paramref name="now"/>.</summary>
    public void Apply(Ready ready, long now)
    {
        // Thesis §3.10 with §4.2.3: a Goose handing over leadership lets voters disregard their promise
        // to it, so it holds no lease from before its first TimeoutNow can leave until the hand-over ends.
        if (ready.Status.State != Contracts.NodeState.Leader || ready.Status.TransferTarget is not null)
        {
            Revoke();
            return;
        }

        if (ready.SoleVoter)
        {
            ExpiresAt = Unbounded;
            _roundStarts.Clear();
            return;
        }

        if (ExpiresAt == Unbounded)
        {
            // It was its own majority until this step, which gave it other voters: as if a round it started
            // now were acknowledged. None of them can be elected without its vote, which it withholds
            // until check-quorum (a minimum election timeout from now, longer than the lease) deposes it.
            ExpiresAt = now + _duration;
        }

        if (ready.RoundStarted is { } started)
        {
            _roundStarts[started] = now;
        }

        if (ready.QuorumRound is { } acknowledged && _roundStarts.TryGetValue(acknowledged, out var start))
        {
            ExpiresAt = Math.Max(ExpiresAt, start + _duration);
            // Rounds up to the acknowledged one can no longer extend the lease further.
            foreach (var round in _roundStarts.Keys.Where(r => r <= acknowledged).ToList())
            {
                _roundStarts.Remove(round);
            }
        }
    }

    /// <summary>Drops the lease at once (on leaving the Leader state, or while handing over leadership).</summary>
    public void Revoke()
    {
        ExpiresAt = long.MinValue;
        _roundStarts.Clear();
    }
}
