using DuckDuckGoose.Chaos.Faults;
using DuckDuckGoose.Chaos.Lab;

namespace DuckDuckGoose.Chaos.Tests.Lab;

public sealed class NftRulesetTests
{
    [Fact]
    public void ACutDropsTheConnectionsTheNodeOpensToThePeerInBothHooks()
    {
        var state = FaultState.Of(3, [new Fault(1, FaultKind.OneWayCut, [0, 2], [new Link(0, 2)], [], null, 1000)]);

        var cutter = NftRuleset.Render(0, state);
        var other = NftRuleset.Render(2, state);

        Assert.Contains("add rule ip ddgc input meta l4proto tcp ct original ip daddr { 10.88.0.3 } drop", cutter, StringComparison.Ordinal);
        Assert.Contains("add rule ip ddgc output meta l4proto tcp ct original ip daddr { 10.88.0.3 } drop", cutter, StringComparison.Ordinal);
        Assert.DoesNotContain("drop", other, StringComparison.Ordinal);
    }

    [Fact]
    public void ASlowedLinkIsSentThroughItsDelayLinePortAndOldDirectConnectionsAreReset()
    {
        var state = FaultState.Of(3, [new Fault(1, FaultKind.Delay, [1, 2], [], [new Link(1, 2)], new LinkImpairment(40, 4), 1000)]);

        var rules = NftRuleset.Render(1, state);

        Assert.Contains("add rule ip ddgc nat_output ip daddr 10.88.0.3 tcp dport 4001 dnat to 10.88.0.254:20203", rules, StringComparison.Ordinal);
        Assert.Contains("add rule ip ddgc output ip daddr 10.88.0.3 tcp dport 4001 reject with tcp reset", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("dnat", NftRuleset.Render(2, state), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRulesetKeepsTheTableAndReplacesAllRules()
    {
        var rules = NftRuleset.Render(0, FaultState.Healthy(3));

        // Never "delete table": that would drop the NAT bindings of connections still open through the delay line.
        Assert.DoesNotContain("delete", rules, StringComparison.Ordinal);
        Assert.Contains("flush chain ip ddgc input\nflush chain ip ddgc output\nflush chain ip ddgc nat_output\n", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("drop", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("dnat", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void ConntrackIsInUseEvenWithNoFaultSoEveryConnectionIsTrackedFromItsSyn()
    {
        Assert.Contains("add rule ip ddgc input ct state invalid counter", NftRuleset.Render(1, FaultState.Healthy(3)), StringComparison.Ordinal);
    }
}
