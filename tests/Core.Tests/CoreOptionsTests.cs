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
}
