using System.Globalization;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Timers;

/// <summary>
/// A priority election timer: nodes of higher priority time out sooner, so they usually start, and win,
/// the election after a Goose is lost. The allowed range [minimum, 2 × minimum) of Raft's randomized
/// timeout (§5.2) is cut into <c>MaxPriority</c> bands of width <c>minimum / MaxPriority</c>, one per
/// priority from the highest down:
/// <code>
/// band    = MaxPriority - Priority                     (0 for the highest priority among the voters)
/// timeout = minimum + minimum × (band + u) / MaxPriority,   u uniform in [0, 1)
/// </code>
/// So the whole band of a higher priority lies below the band of any lower one, and nodes of equal
/// priority still draw at random inside their band so a split vote between them resolves. With every
/// node at the default priority 1 there is one band, the whole range: exactly the randomized timer.
/// Small distinct numbers (1, 2, 3) give wide, well separated bands; priorities closer together than a
/// tick's worth of the range (the core counts whole ticks) behave as equal.
/// <para>
/// After <see cref="SpreadAfterFailedElections"/> failed elections in a row the node draws from the whole
/// range instead, like the randomized timer: equal priorities in a narrow band, or a preferred node
/// that keeps losing (its log is behind), must not stall the cluster. Priority is a preference, not a
/// guarantee.
/// </para>
/// <para>
/// A node of priority 0 never campaigns (the election core enforces that: Patroni's nofailover), so
/// its timeout does not matter; it gets the slowest band. The timer never makes a node depose a healthy
/// Goose: pre-vote and the lease refuse a higher-priority node that comes back (no automatic
/// fail-back); a step-down hands leadership to it.
/// </para>
/// </summary>
public sealed class PriorityElectionTimer : IElectionTimer
{
    /// <summary>Failed elections in a row after which the whole range is used.</summary>
    public const int SpreadAfterFailedElections = 2;

    /// <inheritdoc />
    public string Name => "priority";

    /// <summary>
    /// A timeout in this node's priority band of [<paramref name="minimum"/>, 2 × <paramref name="minimum"/>)
    /// (see the class remarks), at <see cref="TimeSpan"/> tick resolution.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="minimum"/> is not positive, or <paramref name="history"/> is not one the core can
    /// produce (a negative count or priority, or a priority above <see cref="ElectionHistory.MaxPriority"/>).
    /// </exception>
    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        Check(history);

        var max = history.MaxPriority;
        if (history.ConsecutiveFailedElections >= SpreadAfterFailedElections || max <= 1)
        {
            return minimum + TimeSpan.FromTicks(random.NextInt64(minimum.Ticks));
        }

        var band = max - Math.Max(history.Priority, 1);
        var start = minimum.Ticks * band / max;
        var end = minimum.Ticks * (band + 1) / max;
        return minimum + TimeSpan.FromTicks(start + random.NextInt64(Math.Max(1, end - start)));
    }

    private static void Check(ElectionHistory history)
    {
        string? problem =
            history.ConsecutiveFailedElections < 0 ? "ConsecutiveFailedElections must not be negative"
            : history.Priority < 0 ? "Priority must not be negative"
            : history.MaxPriority < history.Priority ? "MaxPriority must be at least Priority"
            : null;
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(
                nameof(history),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{problem}: got ConsecutiveFailedElections {history.ConsecutiveFailedElections}, Priority {history.Priority}, MaxPriority {history.MaxPriority}."));
        }
    }
}
