using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Timers.Tests;

public sealed class RandomizedElectionTimerTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(150);
    private static readonly ElectionHistory NoHistory = new(0);

    [Fact]
    public void Is_named_randomized()
    {
        Assert.Equal("randomized", new RandomizedElectionTimer().Name);
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 250)]
    [InlineData(2, 300)]
    [InlineData(7, 300)]
    public void Every_timeout_is_in_a_range_that_widens_with_failed_elections_up_to_twice_the_minimum_Raft_5_2_and_9_3(int failed, int endMs)
    {
        var timer = new RandomizedElectionTimer();
        var random = new Random(42);

        var timeouts = Enumerable.Range(0, 10_000).Select(_ => timer.NextTimeout(Minimum, new ElectionHistory(failed), random)).ToList();

        Assert.All(timeouts, t => Assert.InRange(t, Minimum, TimeSpan.FromMilliseconds(endMs) - TimeSpan.FromTicks(1)));
        Assert.True(timeouts.Max() > TimeSpan.FromMilliseconds(endMs - 1), $"the range should reach {endMs} ms; the longest was {timeouts.Max().TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(2, 150)]
    public void Timeouts_spread_over_the_whole_range_so_split_votes_resolve(int failed, int widthMs)
    {
        var timer = new RandomizedElectionTimer();
        var random = new Random(7);
        var buckets = new int[10];
        const int draws = 10_000;
        var width = TimeSpan.FromMilliseconds(widthMs);

        for (var i = 0; i < draws; i++)
        {
            var fraction = (timer.NextTimeout(Minimum, new ElectionHistory(failed), random) - Minimum) / width;
            buckets[(int)(fraction * buckets.Length)]++;
        }

        // Uniform: each tenth of the range gets about 1,000 of 10,000 draws (the seed is fixed, so this is exact, not flaky).
        Assert.All(buckets, count => Assert.InRange(count, 800, 1_200));
    }

    [Fact]
    public void The_same_seed_gives_the_same_timeouts_because_all_randomness_comes_from_the_caller()
    {
        var timer = new RandomizedElectionTimer();
        var first = new Random(1234);
        var second = new Random(1234);

        var a = Enumerable.Range(0, 100).Select(_ => timer.NextTimeout(Minimum, NoHistory, first)).ToList();
        var b = Enumerable.Range(0, 100).Select(_ => timer.NextTimeout(Minimum, NoHistory, second)).ToList();

        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 90, $"expected distinct timeouts, got {a.Distinct().Count()} of 100");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_minimum_that_is_not_positive_is_refused(int milliseconds)
    {
        var timer = new RandomizedElectionTimer();

        Assert.Throws<ArgumentOutOfRangeException>(
            () => timer.NextTimeout(TimeSpan.FromMilliseconds(milliseconds), NoHistory, new Random(1)));
    }
}
