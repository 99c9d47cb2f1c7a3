using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Tests.Faults;

public sealed class FaultStateTests
{
    [Fact]
    public void AGooseIsImpairedWhenDownStoppedSlowedOrUnableToReachAMajority()
    {
        Assert.True(State(Fault(FaultKind.Kill, 0)).IsImpaired(0));
        Assert.True(State(Fault(FaultKind.Stop, 0)).IsImpaired(0));
        Assert.True(State(Slow(new Link(3, 0))).IsImpaired(0));
        Assert.True(State(Cut(new Link(0, 1)), Cut(new Link(0, 2)), Cut(new Link(0, 3))).IsImpaired(0));

        // Live peers it cannot reach count against it: n2 and n3 are down, and it cannot reach n4.
        Assert.True(State(Fault(FaultKind.Kill, 1), Fault(FaultKind.Kill, 2), Cut(new Link(0, 3))).IsImpaired(0));
    }

    [Fact]
    public void OthersFaultsAndCutsTowardsTheGooseDoNotImpairIt()
    {
        var state = State(Fault(FaultKind.Kill, 1), Fault(FaultKind.Stop, 2), Cut(new Link(3, 0)), Cut(new Link(4, 0)), Slow(new Link(3, 4)));

        // n1 still opens connections to n4 and n5; only they cannot open connections to it.
        Assert.False(state.IsImpaired(0));
    }

    [Fact]
    public void AHealthyMajorityNeedsLiveNodesConnectedBothWaysWithoutSlowLinks()
    {
        Assert.True(FaultState.Healthy(5).HasHealthyMajority());
        Assert.True(State(Fault(FaultKind.Kill, 0), Fault(FaultKind.Stop, 1)).HasHealthyMajority());
        Assert.False(State(Fault(FaultKind.Kill, 0), Fault(FaultKind.Stop, 1), Fault(FaultKind.Kill, 2)).HasHealthyMajority());

        // n1, n2 down; n3 cannot reach n4 (one way): no three nodes are fully connected.
        Assert.False(State(Fault(FaultKind.Kill, 0), Fault(FaultKind.Kill, 1), Cut(new Link(2, 3))).HasHealthyMajority());
        Assert.False(State(Fault(FaultKind.Kill, 0), Fault(FaultKind.Kill, 1), Slow(new Link(4, 2))).HasHealthyMajority());

        // A one-way cut between two nodes leaves the other three.
        Assert.True(State(Cut(new Link(0, 1))).HasHealthyMajority());
    }

    [Fact]
    public void CutsOfOverlappingFaultsAddUpAndAHealRemovesOnlyItsOwn()
    {
        var partition = new Fault(1, FaultKind.Partition, [0], [new Link(0, 1), new Link(1, 0)], [], null, 1000);
        var oneWay = Cut(new Link(0, 1));

        Assert.Equal(2, FaultState.Of(5, [partition, oneWay]).Cuts.Count);
        Assert.Equal([new Link(0, 1)], FaultState.Of(5, [oneWay]).Cuts);
    }

    [Fact]
    public void DescribesWhatIsInForce()
    {
        Assert.Equal("healthy", FaultState.Healthy(3).Describe());
        Assert.Equal("down n1; cut n2->n3", State(Fault(FaultKind.Kill, 0), Cut(new Link(1, 2))).Describe());
    }

    private static FaultState State(params Fault[] faults) => FaultState.Of(5, faults);

    private static Fault Fault(FaultKind kind, int node) => new(1, kind, [node], [], [], null, 1000);

    private static Fault Cut(Link link) => new(1, FaultKind.OneWayCut, [link.From, link.To], [link], [], null, 1000);

    private static Fault Slow(Link link) => new(1, FaultKind.Delay, [link.From, link.To], [], [link], new LinkImpairment(10, 0), 1000);
}
