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

    [Fact]
    public void Every_timeout_is_in_the_uniform_range_from_minimum_to_twice_minimum_Raft_5_2()
    {
        var timer = new RandomizedElectionTimer();
        var random = new Random(42);

        for (var i = 0; i < 10_000; i++)
        {
            var timeout = timer.NextTimeout(Minimum, new ElectionHistory(i % 7), random);
            Assert.InRange(timeout, Minimum, 2 * Minimum - TimeSpan.FromTicks(1));
        }
    }

    [Fact]
    public void Timeouts_spread_over_the_whole_range_so_split_votes_resolve()
    {
        var timer = new RandomizedElectionTimer();
        var random = new Random(7);
        var buckets = new int[10];
        const int draws = 10_000;

        for (var i = 0; i < draws; i++)
        {
            var fraction = (timer.NextTimeout(Minimum, NoHistory, random) - Minimum) / Minimum;
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
