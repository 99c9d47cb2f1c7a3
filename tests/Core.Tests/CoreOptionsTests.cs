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
}
