using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class FailoverRehearsalTests
{
    private static readonly CoreOptions NodeDefaults = new("rehearsal", TimeSpan.FromMilliseconds(1), HeartbeatTicks: 30, ElectionTimeoutTicks: 150);

    [Fact]
    public async Task RehearsesAfterTheStartDelayAndSaysSoAtDebug()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();

        var rehearsal = new FailoverRehearsal(NodeDefaults, time, logger).RunAsync(_ => Task.CompletedTask, CancellationToken.None);
        time.Advance(FailoverRehearsal.StartDelay - TimeSpan.FromMilliseconds(1));
        Assert.False(rehearsal.IsCompleted);
        Assert.Empty(logger.Entries);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await rehearsal.WaitAsync(TimeSpan.FromSeconds(30));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Debug, 800), (entry.Level, entry.EventId));
        Assert.Contains("3 Geese", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonVoterRehearsesOnlyOnceItCanStand()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        var seat = new TaskCompletionSource();

        var rehearsal = new FailoverRehearsal(NodeDefaults, time, logger).RunAsync(ct => seat.Task.WaitAsync(ct), CancellationToken.None);
        time.Advance(FailoverRehearsal.StartDelay * 10);
        await Task.Delay(50);
        Assert.False(rehearsal.IsCompleted);
        Assert.Empty(logger.Entries);

        seat.SetResult();
        await rehearsal.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(800, Assert.Single(logger.Entries).EventId);
    }

    [Fact]
    public async Task ANodeStoppedWhileWaitingForASeatRehearsesNothingAndDoesNotFault()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        using var stopping = new CancellationTokenSource();

        var rehearsal = new FailoverRehearsal(NodeDefaults, time, logger).RunAsync(ct => Task.Delay(Timeout.Infinite, ct), stopping.Token);
        time.Advance(FailoverRehearsal.StartDelay);
        await stopping.CancelAsync();
        await rehearsal;

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task ANodeStoppedBeforeTheDelayRehearsesNothingAndDoesNotFault()
    {
        var logger = new ListLogger();
        using var stopping = new CancellationTokenSource();

        var rehearsal = new FailoverRehearsal(NodeDefaults, new FakeTimeProvider(), logger).RunAsync(_ => Task.CompletedTask, stopping.Token);
        await stopping.CancelAsync();
        await rehearsal;

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void AMessageComesBackAsThePeerEndpointParsesIt()
    {
        var request = new VoteRequest("n1", 7, LastLogIndex: 3, LastLogTerm: 6, PreVote: true) { Cluster = "c" };

        Assert.Equal(request, FailoverRehearsal.ThroughTheWire(request));
    }

    [Fact]
    public void AMessageThePeerEndpointWouldRefuseFailsTheTrip()
    {
        var unnamed = new VoteResponse(null!, 7, Granted: true, PreVote: false);

        var error = Assert.Throws<InvalidOperationException>(() => FailoverRehearsal.ThroughTheWire(unnamed));

        Assert.Contains("VoteResponse did not survive the wire", error.Message, StringComparison.Ordinal);
    }
}
