using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Tests.Faults;

public sealed class FaultPlannerTests
{
    [Fact]
    public void TheSameSeedGivesTheSamePlan()
    {
        var first = new FaultPlanner(seed: 1234, nodeCount: 5).Plan(300);
        var second = new FaultPlanner(seed: 1234, nodeCount: 5).Plan(300);

        Assert.Equal(first.Steps.Select(s => s.ToString()), second.Steps.Select(s => s.ToString()));
        Assert.Equal(first.Steps, second.Steps, (a, b) => a.AtMs == b.AtMs && a.Heal == b.Heal && Same(a.Fault, b.Fault));
    }

    [Fact]
    public void AnotherSeedGivesAnotherPlan()
    {
        var first = new FaultPlanner(seed: 1, nodeCount: 5).Plan(50);
        var second = new FaultPlanner(seed: 2, nodeCount: 5).Plan(50);

        Assert.NotEqual(first.Steps.Select(s => s.ToString()), second.Steps.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void InjectsTheAskedNumberAndHealsEveryFaultLater(int nodes)
    {
        var plan = new FaultPlanner(seed: 99, nodeCount: nodes).Plan(400);

        Assert.Equal(400, plan.Faults.Count);
        Assert.Equal(Enumerable.Range(1, 400), plan.Faults.Select(f => f.Id));
        foreach (var fault in plan.Faults.Where(f => f.Kind != FaultKind.StepDown))
        {
            var injected = plan.Steps.Single(s => !s.Heal && s.Fault.Id == fault.Id);
            var healed = plan.Steps.Single(s => s.Heal && s.Fault.Id == fault.Id);
            Assert.True(healed.AtMs > injected.AtMs, $"fault {fault.Describe()} is healed at {healed.AtMs} ms, not after its injection at {injected.AtMs} ms");
        }

        Assert.Equal(plan.Steps.OrderBy(s => s.AtMs).Select(s => s.AtMs), plan.Steps.Select(s => s.AtMs));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void NeverLeavesTheClusterWithoutAHealthyMajority(int nodes)
    {
        var plan = new FaultPlanner(seed: 7, nodeCount: nodes).Plan(500);
        var active = new List<Fault>();
        var restarted = new List<(int Node, double Until)>();
        foreach (var step in plan.Steps.Where(s => s.Fault.Kind != FaultKind.StepDown))
        {
            restarted.RemoveAll(r => r.Until <= step.AtMs);
            if (step.Heal)
            {
                active.Remove(step.Fault);
                if (step.Fault.Kind == FaultKind.Kill)
                {
                    restarted.Add((step.Fault.Nodes[0], step.AtMs + FaultPlanner.StartupAllowanceMs));
                }
            }
            else
            {
                active.Add(step.Fault);
            }

            var state = FaultState.Of(nodes, active, restarted.Select(r => r.Node));
            Assert.True(state.HasHealthyMajority(), $"at {step.AtMs} ms ({step}): {state.Describe()}");
        }
    }

    [Fact]
    public void PlansEveryKindWithinItsBounds()
    {
        var plan = new FaultPlanner(seed: 5, nodeCount: 5).Plan(1000);
        var counts = plan.CountByKind();

        Assert.All(Enum.GetValues<FaultKind>(), kind => Assert.True(counts[kind] > 0, $"no {kind} in 1000 faults"));
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.Stop), f => Assert.InRange(f.DurationMs, 200, 2500));
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.Delay), f => Assert.InRange(f.Impairment!.DelayMs, 5, 300));
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.Loss), f => Assert.InRange(f.Impairment!.LossPercent, 2, 20));
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.Partition), f =>
        {
            Assert.InRange(f.Nodes.Count, 1, 2);
            Assert.Equal(f.Nodes.Count * (5 - f.Nodes.Count) * 2, f.Cuts.Count);
        });
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.OneWayCut), f => Assert.NotEqual(f.Cuts[0].From, f.Cuts[0].To));
    }

    private static bool Same(Fault a, Fault b) =>
        a.Id == b.Id && a.Kind == b.Kind && a.DurationMs == b.DurationMs && a.Impairment == b.Impairment
        && a.Nodes.SequenceEqual(b.Nodes) && a.Cuts.SequenceEqual(b.Cuts) && a.SlowLinks.SequenceEqual(b.SlowLinks);
}
