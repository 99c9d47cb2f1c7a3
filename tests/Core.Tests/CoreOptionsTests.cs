namespace DuckDuckGoose.Core.Tests;

public sealed class CoreOptionsTests
{
    [Fact]
    public void Thesis641_LeaseIsTheElectionTimeoutLessTwoTicksAndATenthForDrift()
    {
        var options = new CoreOptions("a", TimeSpan.FromMilliseconds(10), HeartbeatTicks: 5, ElectionTimeoutTicks: 15);

        Assert.Equal(TimeSpan.FromMilliseconds(150 - 20 - 15), options.LeaseDuration);
    }

    [Fact]
    public void TooShortATimeoutLeavesNoLease()
    {
        var options = new CoreOptions("a", TimeSpan.FromMilliseconds(10), HeartbeatTicks: 1, ElectionTimeoutTicks: 2);

        Assert.True(options.LeaseDuration <= TimeSpan.Zero);
    }

    [Theory]
    [InlineData(10, 15, 115, 15)]   // equal settings: the follower's own timeout covers the Goose's lease
    [InlineData(10, 15, 880, 99)]   // a Goose at 1000 ms: 880 ms + 1/9 = 977.8 ms, 98 ticks, + 1
    [InlineData(10, 100, 115, 100)] // a follower with the longer timeout keeps its own
    [InlineData(50, 3, 115, 4)]     // coarser ticks than the Goose's: 127.8 ms is 3 ticks of 50 ms, + 1
    public void Thesis641_VoteRefusalCoversTheLongerOfTheOwnTimeoutAndTheGoosesLeasePlusAMargin(int tickMs, int electionTicks, long leaseMs, int expected)
    {
        var options = new CoreOptions("a", TimeSpan.FromMilliseconds(tickMs), HeartbeatTicks: 1, ElectionTimeoutTicks: electionTicks);

        Assert.Equal(expected, options.VoteRefusalTicks(leaseMs));

        // Whatever the phase of the first tick, the refusal lasts longer than the announced lease.
        Assert.True((expected - 1) * tickMs >= leaseMs, $"{expected - 1} ticks of {tickMs} ms < {leaseMs} ms");
    }

    [Theory]
    [InlineData(5, 96, 720)]    // the scale drill: 4 voting followers, so 4 first words a round, 24 rounds of 30 ms
    [InlineData(5, 995, 1000)]  // a thousand members: capped at one keep-alive (about 30 first words a round)
    [InlineData(3, 0, 30)]      // no non-voters: one round
    [InlineData(3, 1, 30)]
    [InlineData(1, 10, 300)]    // a sole voter: one first word a round
    public void A_new_Gooses_first_words_come_as_many_a_round_as_it_has_voting_followers_within_one_keep_alive(int voters, int nonVoters, int expectedMs)
    {
        var options = new CoreOptions("a", TimeSpan.FromMilliseconds(1), HeartbeatTicks: 30, ElectionTimeoutTicks: 150);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), options.NonVoterFirstWord(voters, nonVoters));
    }
}
