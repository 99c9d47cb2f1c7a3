using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Timers;

/// <summary>
/// Raft's randomized election timeout (Raft §5.2), narrow while things go well and wider after each
/// failed election. Raft §9.3 measured that a little randomness already avoids most split votes
/// (150–200 ms) and that more of it bounds the worst case; with 1 ms ticks, and a pre-vote that a
/// follower answers by restarting its own timeout and that only one of two simultaneous candidates
/// wins, a split needs two timeouts within about one round trip. So the first timeout after a Goose
/// was heard is uniform in [minimum, 4/3 × minimum), 150–200 ms at the defaults, the next after a
/// failed election in [minimum, 5/3 × minimum), and from the second failure on in the paper's
/// [minimum, 2 × minimum). A pure policy: no clock, no state; all randomness comes from the caller's
/// <see cref="Random"/>, so a seeded core replays exactly.
/// </summary>
public sealed class RandomizedElectionTimer : IElectionTimer
{
    /// <inheritdoc />
    public string Name => "randomized";

    /// <summary>
    /// A timeout uniform in [<paramref name="minimum"/>, <paramref name="minimum"/> × (1 + k/3)), where k
    /// is 1 plus the consecutive failed elections in <paramref name="history"/>, at most 3.
    /// </summary>
    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        var thirds = Math.Clamp(history.ConsecutiveFailedElections + 1, 1, 3);
        var width = Math.Max(1, minimum.Ticks * thirds / 3);
        return minimum + TimeSpan.FromTicks(random.NextInt64(width));
    }
}
