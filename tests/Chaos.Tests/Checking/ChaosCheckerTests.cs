using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Tests.Checking;

public sealed class ChaosCheckerTests
{
    private static readonly FaultTimeline NoFaults = new(3);

    [Fact]
    public void CountsEveryRoundInWhichTwoNodesAnswerGoose()
    {
        var rounds = new Rounds()
            .At(0, "G1", "D1", "D1")
            .At(10, "G1", "G2", "D2")
            .At(20, "G1", "G2", "D2")
            .At(30, "D1", "G2", "D2")
            .At(40, "G3", "G2", "D3");

        var result = ChaosChecker.Check(rounds.Answers, NoFaults);

        Assert.Equal(3, result.OverlapRounds);
        Assert.Collection(
            result.Overlaps,
            first =>
            {
                Assert.Equal((10.0, 30.0, 2), (first.StartMs, first.EndMs, first.Rounds));
                Assert.Equal([0, 1], first.Nodes);
            },
            second =>
            {
                Assert.Equal((40.0, 40.0, 1), (second.StartMs, second.EndMs, second.Rounds));
                Assert.Equal([0, 1], second.Nodes);
            });
        Assert.True(result.Failed);
    }

    [Fact]
    public void OneGoosePerRoundIsNoOverlap()
    {
        var rounds = new Rounds()
            .At(0, "G1", "D1", "D1")
            .At(10, "L1", "G2", "D2")
            .At(20, "D2", "G2", "D2");

        var result = ChaosChecker.Check(rounds.Answers, NoFaults);

        Assert.Equal(0, result.OverlapRounds);
        Assert.Empty(result.TwoLeaderTerms);
        Assert.False(result.Failed);
    }

    [Fact]
    public void ATermClaimedByTwoNodesFailsEvenWhenTheyNeverAnsweredGooseTogether()
    {
        // n1 reports state Leader of term 4 (its lease ran out: role Duck), later n2 answers Goose of term 4.
        var rounds = new Rounds()
            .At(0, "L4", "D4", "D4")
            .At(10, "D4", "G4", "D4")
            .At(20, "D5", "C5", "G5");

        var result = ChaosChecker.Check(rounds.Answers, NoFaults);

        Assert.Equal(0, result.OverlapRounds);
        var term = Assert.Single(result.TwoLeaderTerms);
        Assert.Equal(4, term.Term);
        Assert.Equal([0, 1], term.Nodes);
        Assert.True(result.Failed);
    }

    [Fact]
    public void GapsWithoutAGooseAreMeasuredFromRoundToRound()
    {
        var rounds = new Rounds()
            .At(0, "G1", "D1", "D1")
            .At(10, "-", "D1", "D1")
            .At(20, "-", "C1", "D1")
            .At(30, "-", "G2", "D2")
            .At(40, "-", "G2", "D2")
            .At(50, "-", "D2", "D2")
            .At(60, "-", "D2", "D2");

        var result = ChaosChecker.Check(rounds.Answers, NoFaults);

        // 10→30 (20 ms) and 50→60 (10 ms, still open when the run ended).
        Assert.Equal(30, result.NoGooseTotalMs);
        Assert.Equal(20, result.LongestNoGooseMs);
        Assert.Equal(10, result.LongestNoGooseAtMs);
    }

    [Fact]
    public void ATermRiseUnderAHealthyGooseIsADisruption()
    {
        var rounds = new Rounds()
            .Every(10, 0, 5000, "G2", "D2", "D2")
            .At(5000, "G2", "C3", "D2")
            .Every(10, 5010, 5500, "D3", "G3", "D3");

        var result = ChaosChecker.Check(rounds.Answers, NoFaults);

        var disruption = Assert.Single(result.Disruptions);
        Assert.Equal((5000.0, 0, 2L, 3L, 1), (disruption.AtMs, disruption.PreviousGoose, disruption.PreviousTerm, disruption.MaxTerm, disruption.MaxTermNode));

        // The new Goose of the new term is the same election, not a second change.
        Assert.Single(result.Changes);
    }

    [Fact]
    public void AnotherNodeAnsweringGooseUnderAHealthyGooseIsADisruption()
    {
        var rounds = new Rounds()
            .Every(10, 0, 3000, "G2", "D2", "D2")
            .Every(10, 3000, 3500, "D3", "D3", "G3");

        var result = ChaosChecker.Check(rounds.Answers, NoFaults);

        var disruption = Assert.Single(result.Disruptions);
        Assert.Equal(2, disruption.NewGoose);
        Assert.Contains("n3 answered Goose", disruption.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AChangeWithinTwoSecondsOfAFaultOfTheGooseIsExplained()
    {
        var timeline = new FaultTimeline(3);
        timeline.Record(4000, Kill(0));
        timeline.Record(4500, FaultState.Healthy(3));
        var rounds = new Rounds()
            .Every(10, 0, 4000, "G2", "D2", "D2")
            .Every(10, 4000, 4400, "-", "D2", "D2")
            .Every(10, 4400, 6000, "D3", "G3", "D3");

        var result = ChaosChecker.Check(rounds.Answers, timeline);

        var change = Assert.Single(result.Changes);
        Assert.Equal("goose faulted", change.Explanation);
        Assert.Empty(result.Disruptions);
    }

    [Fact]
    public void AChangeMoreThanTwoSecondsAfterTheGooseRecoveredIsADisruption()
    {
        var timeline = new FaultTimeline(3);
        timeline.Record(1000, Stop(0));
        timeline.Record(1100, FaultState.Healthy(3));
        var rounds = new Rounds()
            .Every(10, 0, 5000, "G2", "D2", "D2")
            .Every(10, 5000, 5500, "D3", "G3", "D3");

        var result = ChaosChecker.Check(rounds.Answers, timeline);

        Assert.Single(result.Disruptions);
    }

    [Fact]
    public void FaultsOfOtherNodesDoNotExplainAChangeOfAHealthyGoose()
    {
        var timeline = new FaultTimeline(5);
        timeline.Record(4000, FaultState.Of(5, [Fault(FaultKind.Kill, [2]), CutFault(new Link(1, 0))]));
        var rounds = new Rounds()
            .Every(10, 0, 4500, "G2", "D2", "-", "D2", "D2")
            .At(4500, "G2", "C3", "-", "D2", "D2");

        var result = ChaosChecker.Check(rounds.Answers, timeline);

        // n3 down and n2 unable to reach n1: n1 still reaches a majority (itself, n4, n5) with nothing slowed.
        Assert.Single(result.Disruptions);
    }

    [Fact]
    public void AGooseCutOffFromAMajorityOrSlowedIsFaulted()
    {
        var isolated = new FaultTimeline(5);
        isolated.Record(4000, FaultState.Of(5, [CutFault(new Link(0, 1)), CutFault(new Link(0, 2)), CutFault(new Link(0, 3))]));
        var slowed = new FaultTimeline(5);
        slowed.Record(4000, FaultState.Of(5, [new Fault(1, FaultKind.Delay, [0, 4], [], [new Link(4, 0)], new LinkImpairment(50, 5), 1000)]));
        var rounds = new Rounds()
            .Every(10, 0, 4500, "G2", "D2", "D2", "D2", "D2")
            .At(4500, "G2", "C3", "D2", "D2", "D2");

        Assert.Equal("goose faulted", Assert.Single(ChaosChecker.Check(rounds.Answers, isolated).Changes).Explanation);
        Assert.Equal("goose faulted", Assert.Single(ChaosChecker.Check(rounds.Answers, slowed).Changes).Explanation);
    }

    [Fact]
    public void ANodeStillStartingAfterItsRestartDoesNotCountTowardsTheGoosesMajority()
    {
        // n1 (Goose) cannot reach n3 and n4; n2 is down from 1000 ms and started again at 1500 ms, so until
        // 4500 ms (the startup allowance) n1 has only n5 to renew its lease with.
        var cut = new Fault(1, FaultKind.Partition, [0], [new Link(0, 2), new Link(0, 3)], [], null, 10_000);
        var timeline = new FaultTimeline(5);
        timeline.Record(0, FaultState.Of(5, [cut]));
        timeline.Record(1000, FaultState.Of(5, [cut, Fault(FaultKind.Kill, [1])]));
        timeline.Record(1500, FaultState.Of(5, [cut]));
        var rounds = new Rounds()
            .Every(10, 0, 4000, "G2", "D2", "D2", "D2", "D2")
            .At(4000, "G2", "D2", "C3", "D2", "D2")
            .Every(10, 4010, 7000, "G3", "D3", "D3", "D3", "D3")
            .At(7000, "G3", "D3", "D3", "C4", "D3");

        var changes = ChaosChecker.Check(rounds.Answers, timeline).Changes;

        Assert.Equal(2, changes.Count);
        Assert.Equal("goose faulted", changes[0].Explanation);
        Assert.True(changes[1].IsDisruption, "at 7000 ms n2 has run for 5.5 s and n1 reaches n2 and n5");
    }

    [Fact]
    public void AChangeShortlyAfterARequestedStepDownIsExplained()
    {
        var timeline = new FaultTimeline(3);
        timeline.RecordStepDown(2990);
        var rounds = new Rounds()
            .Every(10, 0, 3000, "G2", "D2", "D2")
            .Every(10, 3000, 3500, "D3", "G3", "D3");

        var change = Assert.Single(ChaosChecker.Check(rounds.Answers, timeline).Changes);

        Assert.Equal("step-down requested", change.Explanation);
        Assert.False(change.IsDisruption);
    }

    [Fact]
    public void AFailoverIsTimedFromTheFaultToTheNewGoosesAnswer()
    {
        var timeline = new FaultTimeline(3);
        timeline.Record(1005, Kill(0));
        var rounds = new Rounds()
            .Every(10, 0, 1010, "G2", "D2", "D2")
            .Every(10, 1010, 1300, "-", "D2", "C3")
            .Every(10, 1300, 1400, "-", "D3", "G3");

        var result = ChaosChecker.Check(rounds.Answers, timeline);

        // The first round showing n3 as Goose was sent at 1300 and answered at 1302.
        Assert.Equal(297, Assert.Single(result.FailoversMs), precision: 6);
    }

    [Fact]
    public void AGooseAnsweringGooseAgainInItsTermAfterTheFaultKeptItsRole()
    {
        var timeline = new FaultTimeline(3);
        timeline.Record(1000, FaultState.Of(3, [new Fault(1, FaultKind.Delay, [0, 1], [], [new Link(0, 1), new Link(1, 0)], new LinkImpairment(20, 0), 500)]));
        timeline.Record(1500, FaultState.Healthy(3));
        var rounds = new Rounds().Every(10, 0, 2000, "G2", "D2", "D2");

        var result = ChaosChecker.Check(rounds.Answers, timeline);

        Assert.Empty(result.FailoversMs);
        Assert.Equal(1, result.SurvivedFaults);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void AnIsolatedGooseOverlappingItsSuccessorIsMeasured()
    {
        var rounds = new Rounds()
            .Every(10, 0, 1000, "G3", "D3", "D3")
            .Every(10, 1000, 1300, "G3", "C3", "D3")
            .Every(10, 1300, 1900, "G3", "G4", "D4")
            .Every(10, 1900, 2500, "L3", "G4", "D4");

        var seen = ChaosChecker.ObserveIsolation(rounds.Answers, cutAtMs: 1000, untilMs: 2500, isolated: 0);

        Assert.Equal(60, seen.OverlapRounds);
        Assert.Equal(600, seen.OverlapMs);
        Assert.Equal(892, seen.IsolatedGooseUntilMs);
        Assert.Equal(302, seen.NewGooseAfterMs);
        Assert.Equal(0, seen.LongestNoGooseMs);
    }

    [Fact]
    public void AHealThatRaisesTheTermIsADisruptionOfTheMajoritysGoose()
    {
        var rounds = new Rounds()
            .Every(10, 0, 1000, "D3", "D5", "G5", "D5", "D5")
            .Every(10, 1000, 1150, "D3", "D5", "G5", "D5", "D5")
            .Every(10, 1150, 1400, "C6", "D6", "D6", "D6", "D5")
            .Every(10, 1400, 2000, "G6", "D6", "D6", "D6", "D6");

        var disrupted = ChaosChecker.ObserveAfterHeal(rounds.Answers, healAtMs: 1000, windowMs: 2000, goose: 2, term: 5);
        var calm = ChaosChecker.ObserveAfterHeal(rounds.Answers, healAtMs: 0, windowMs: 1100, goose: 2, term: 5);

        Assert.True(disrupted.Disrupted);
        Assert.Equal(150, disrupted.DisruptedAfterMs);
        Assert.Contains("n1 reported term 6", disrupted.What, StringComparison.Ordinal);
        Assert.Equal(250, disrupted.LongestNoGooseMs);
        Assert.Equal(6, disrupted.MaxTerm);
        Assert.False(calm.Disrupted);
    }

    private static FaultState Kill(int node) => FaultState.Of(3, [Fault(FaultKind.Kill, [node])]);

    private static FaultState Stop(int node) => FaultState.Of(3, [Fault(FaultKind.Stop, [node])]);

    private static Fault Fault(FaultKind kind, int[] nodes) => new(1, kind, nodes, [], [], null, 1000);

    private static Fault CutFault(Link link) => new(1, FaultKind.OneWayCut, [link.From, link.To], [link], [], null, 1000);
}
