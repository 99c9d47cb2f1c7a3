using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core.Tests;

public sealed class ElectionRehearsalTests
{
    // The node's defaults: 1 ms ticks, heartbeat 30 ms, election timeout 150 ms.
    private static readonly CoreOptions NodeDefaults = new("node", TimeSpan.FromMilliseconds(1), HeartbeatTicks: 30, ElectionTimeoutTicks: 150);

    [Fact]
    public void ElectsThenHandsOverThenElectsAgainAfterTheGooseCrashes()
    {
        var geese = ElectionRehearsal.Run(NodeDefaults, message => message);

        Assert.Equal(3, geese.Count);
        Assert.All(geese, id => Assert.StartsWith("rehearsal-", id, StringComparison.Ordinal));
        Assert.NotEqual(geese[0], geese[1]);
        Assert.NotEqual(geese[1], geese[2]);
    }

    [Fact]
    public void EveryMessageAFailoverAndAHandOverSendGoesThroughTheWire()
    {
        var seen = new List<RaftMessage>();

        ElectionRehearsal.Run(NodeDefaults, message =>
        {
            seen.Add(message);
            return message;
        });

        Assert.Contains(seen, m => m is VoteRequest { PreVote: true });
        Assert.Contains(seen, m => m is VoteRequest { PreVote: false });
        Assert.Contains(seen, m => m is VoteResponse { Granted: true });
        Assert.Contains(seen, m => m is AppendRequest);
        Assert.Contains(seen, m => m is AppendResponse);
        Assert.Contains(seen, m => m is TimeoutNowRequest);
    }

    [Fact]
    public void TheNodesOwnIdAndTheWiresCopiesChangeNothingInTheOutcome()
    {
        var direct = ElectionRehearsal.Run(NodeDefaults, message => message);
        var copied = ElectionRehearsal.Run(NodeDefaults with { SelfId = "another" }, message => message with { });

        Assert.Equal(direct, copied);
    }

    [Fact]
    public void AFailingWireFailsTheRehearsalForItsCallerToReport()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ElectionRehearsal.Run(NodeDefaults, _ => throw new InvalidOperationException("the serializer broke")));

        Assert.Equal("the serializer broke", error.Message);
    }
}
