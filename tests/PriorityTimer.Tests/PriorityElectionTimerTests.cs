using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Timers.Tests;

public sealed class PriorityElectionTimerTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(150);
    private static readonly PriorityElectionTimer Timer = new();

    private static List<TimeSpan> Draw(ElectionHistory history, int count = 2_000, int seed = 42)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Timer.NextTimeout(Minimum, history, random))];
    }

    [Fact]
    public void Is_named_priority()
    {
        Assert.Equal("priority", Timer.Name);
    }

    [Theory]
    [InlineData(3, 3, 150, 200)]
    [InlineData(2, 3, 200, 250)]
    [InlineData(1, 3, 250, 300)]
    [InlineData(0, 3, 250, 300)]
    [InlineData(5, 5, 150, 180)]
    [InlineData(1, 5, 270, 300)]
    [InlineData(100, 100, 150, 151.5)]
    [InlineData(1, 100, 298.5, 300)]
    public void Each_priority_draws_from_its_own_band_highest_first(int priority, int max, double fromMs, double toMs)
    {
        var timeouts = Draw(new ElectionHistory(0, priority, max));

        Assert.All(timeouts, t => Assert.InRange(t, TimeSpan.FromMilliseconds(fromMs), TimeSpan.FromMilliseconds(toMs) - TimeSpan.FromTicks(1)));

        // Random inside the band, over most of it, so equal priorities still break a split vote.
        var width = TimeSpan.FromMilliseconds(toMs - fromMs);
        Assert.True(timeouts.Max() - timeouts.Min() > width * 0.9, $"spread {timeouts.Max() - timeouts.Min()} of a {width} band");
    }

    [Fact]
    public void A_higher_priority_band_lies_wholly_below_every_lower_one()
    {
        const int max = 7;
        for (var priority = max; priority > 1; priority--)
        {
            var higher = Draw(new ElectionHistory(0, priority, max));
            var lower = Draw(new ElectionHistory(0, priority - 1, max), seed: priority);
            Assert.True(higher.Max() < lower.Min(), $"priority {priority}'s band reaches {higher.Max()}, priority {priority - 1}'s starts at {lower.Min()}");
        }
    }

    [Fact]
    public void With_every_node_at_the_default_priority_it_is_the_randomized_timer()
    {
        var priority = Draw(new ElectionHistory(0), seed: 9);
        var randomized = new Random(9);
        var expected = Enumerable.Range(0, priority.Count).Select(_ => Minimum + TimeSpan.FromTicks(randomized.NextInt64(Minimum.Ticks))).ToList();

        Assert.Equal(expected, priority);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 3)]
    public void After_repeated_failed_elections_the_whole_range_is_used_so_ties_in_a_narrow_band_resolve(int priority, int max)
    {
        var spread = Draw(new ElectionHistory(PriorityElectionTimer.SpreadAfterFailedElections, priority, max));
        var stillBanded = Draw(new ElectionHistory(PriorityElectionTimer.SpreadAfterFailedElections - 1, priority, max));

        Assert.All(spread, t => Assert.InRange(t, Minimum, (2 * Minimum) - TimeSpan.FromTicks(1)));
        Assert.True(spread.Min() < Minimum + (Minimum / 10) && spread.Max() > (2 * Minimum) - (Minimum / 10), $"spread from {spread.Min()} to {spread.Max()}");
        Assert.True(stillBanded.Max() - stillBanded.Min() <= Minimum / max, "one failed election keeps the band");
    }

    [Fact]
    public void A_cluster_where_nobody_can_stand_still_gets_timeouts_in_range()
    {
        Assert.All(Draw(new ElectionHistory(0, 0, 0)), t => Assert.InRange(t, Minimum, (2 * Minimum) - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_timeouts_because_all_randomness_comes_from_the_caller()
    {
        var history = new ElectionHistory(0, 2, 4);

        Assert.Equal(Draw(history, 100, seed: 5), Draw(history, 100, seed: 5));
    }

    [Theory]
    [InlineData(-1, 1, 1, "ConsecutiveFailedElections must not be negative: got ConsecutiveFailedElections -1, Priority 1, MaxPriority 1.")]
    [InlineData(0, -2, 1, "Priority must not be negative: got ConsecutiveFailedElections 0, Priority -2, MaxPriority 1.")]
    [InlineData(0, 5, 3, "MaxPriority must be at least Priority: got ConsecutiveFailedElections 0, Priority 5, MaxPriority 3.")]
    public void A_history_the_core_cannot_produce_is_refused_quoting_its_values(int failed, int priority, int max, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Timer.NextTimeout(Minimum, new ElectionHistory(failed, priority, max), new Random(1)));

        Assert.Equal("history", error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_minimum_that_is_not_positive_is_refused(int milliseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Timer.NextTimeout(TimeSpan.FromMilliseconds(milliseconds), new ElectionHistory(0), new Random(1)));
    }
}
