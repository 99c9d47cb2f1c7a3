using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Timers;

/// <summary>
/// Raft's randomized election timeout (Raft §5.2): each timeout is drawn uniformly from
/// [minimum, 2 × minimum), so after a split vote the candidates usually time out at different
/// moments and one of them wins the next round. With the default 150 ms minimum that is the paper's
/// 150–300 ms range. A pure policy: no clock, no state; all randomness comes from the caller's
/// <see cref="Random"/>, so a seeded core replays exactly.
/// </summary>
public sealed class RandomizedElectionTimer : IElectionTimer
{
    /// <inheritdoc />
    public string Name => "randomized";

    /// <summary>
    /// A timeout uniform in [<paramref name="minimum"/>, 2 × <paramref name="minimum"/>), at
    /// <see cref="TimeSpan"/> tick resolution. <paramref name="history"/> is not used: the uniform
    /// range is memoryless (a backoff policy would widen it after failed elections).
    /// </summary>
    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(random);
        return minimum + TimeSpan.FromTicks(random.NextInt64(minimum.Ticks));
    }
}
