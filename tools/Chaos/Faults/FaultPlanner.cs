namespace DuckDuckGoose.Chaos.Faults;

/// <summary>
/// Makes a <see cref="FaultPlan"/> from a seed: faults of random kinds (by <see cref="Weights"/>) on random
/// nodes and links, injected every <see cref="GapMinMs"/>–<see cref="GapMaxMs"/> ms and each healed after a
/// random duration. It never plans a fault that would leave no majority of live, fully connected nodes
/// (counting a restarted node as down for <see cref="StartupAllowanceMs"/> while its process starts), so
/// the cluster can always elect a Goose and elections keep happening. Targets are chosen by node index,
/// never by who is Goose at run time, so the sequence depends on the seed alone.
/// </summary>
public sealed class FaultPlanner
{
    /// <summary>Shortest pause between two injections.</summary>
    public const double GapMinMs = 200;

    /// <summary>Longest pause between two injections.</summary>
    public const double GapMaxMs = 1500;

    /// <summary>How long a restarted node counts as down after its restart: a .NET host takes a second or two to start on a busy 2-core machine.</summary>
    public const double StartupAllowanceMs = 3000;

    /// <summary>
    /// Relative weights of the kinds: process and partition faults most, the delay line's faults less,
    /// step-downs now and then.
    /// </summary>
    /// <remarks>An array, not a dictionary: the draw walks it in order, and that order must never change under a seed.</remarks>
    public static readonly IReadOnlyList<(FaultKind Kind, int Weight)> Weights =
    [
        (FaultKind.Kill, 20),
        (FaultKind.Stop, 15),
        (FaultKind.Partition, 20),
        (FaultKind.OneWayCut, 15),
        (FaultKind.Delay, 12),
        (FaultKind.Loss, 12),
        (FaultKind.StepDown, 6),
    ];

    private const int AttemptsPerInjection = 8;

    private readonly int _seed;
    private readonly int _nodeCount;

    /// <summary>A planner for a cluster of <paramref name="nodeCount"/> nodes (3 or more).</summary>
    public FaultPlanner(int seed, int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 3);
        _seed = seed;
        _nodeCount = nodeCount;
    }

    /// <summary>Plans <paramref name="faults"/> injections, each healed later; the plan ends once all are healed.</summary>
    public FaultPlan Plan(int faults)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faults);
        var random = new Random(_seed);
        var steps = new List<PlannedStep>();
        var open = new List<OpenFault>();
        var now = 0.0;
        var injected = 0;
        while (injected < faults)
        {
            now += Milliseconds(random, GapMinMs, GapMaxMs);
            foreach (var due in open.Where(o => !o.Healed && o.HealAt <= now).OrderBy(o => o.HealAt).ToList())
            {
                steps.Add(new PlannedStep(due.HealAt, Heal: true, due.Fault));
                due.Healed = true;
            }

            open.RemoveAll(o => o.Healed && o.FreeAt <= now);
            if (Pick(random, injected + 1, open) is not { } fault)
            {
                continue;
            }

            injected++;
            steps.Add(new PlannedStep(now, Heal: false, fault));
            if (fault.Kind != FaultKind.StepDown)
            {
                var healAt = Math.Round(now + fault.DurationMs);
                open.Add(new OpenFault(fault, healAt, fault.Kind == FaultKind.Kill ? healAt + StartupAllowanceMs : healAt));
            }
        }

        foreach (var rest in open.Where(o => !o.Healed).OrderBy(o => o.HealAt))
        {
            steps.Add(new PlannedStep(rest.HealAt, Heal: true, rest.Fault));
        }

        return new FaultPlan(_seed, _nodeCount, steps.OrderBy(s => s.AtMs).ToList());
    }

    private Fault? Pick(Random random, int id, List<OpenFault> open)
    {
        for (var attempt = 0; attempt < AttemptsPerInjection; attempt++)
        {
            var candidate = Make(random, id, PickKind(random));
            if (Fits(candidate, open))
            {
                return candidate;
            }
        }

        return null;
    }

    private bool Fits(Fault candidate, List<OpenFault> open)
    {
        if (candidate.Kind == FaultKind.StepDown)
        {
            return true;
        }

        var processFaulted = open.Where(o => o.Fault.Kind is FaultKind.Kill or FaultKind.Stop).SelectMany(o => o.Fault.Nodes).ToHashSet();
        if (candidate.Kind is FaultKind.Kill or FaultKind.Stop && candidate.Nodes.Any(processFaulted.Contains))
        {
            return false;
        }

        var slowed = open.Where(o => !o.Healed).SelectMany(o => o.Fault.SlowLinks).ToHashSet();
        if (candidate.SlowLinks.Any(slowed.Contains))
        {
            return false;
        }

        // A restarted node still starting counts as down: the majority must not lean on it.
        var active = open.Where(o => !o.Healed).Select(o => o.Fault).Append(candidate);
        var starting = open.Where(o => o.Healed && o.Fault.Kind == FaultKind.Kill).SelectMany(o => o.Fault.Nodes);
        return FaultState.Of(_nodeCount, active, starting).HasHealthyMajority();
    }

    private Fault Make(Random random, int id, FaultKind kind)
    {
        switch (kind)
        {
            case FaultKind.Kill:
                return Simple(id, kind, [random.Next(_nodeCount)], Milliseconds(random, 300, 2000));
            case FaultKind.Stop:
                // Longer than the lease (115 ms with the defaults), so a stopped Goose's lease always runs out.
                return Simple(id, kind, [random.Next(_nodeCount)], Milliseconds(random, 200, 2500));
            case FaultKind.Partition:
            {
                var order = Enumerable.Range(0, _nodeCount).ToArray();
                random.Shuffle(order);
                var minoritySize = random.Next(1, ((_nodeCount - 1) / 2) + 1);
                var minority = order[..minoritySize].Order().ToArray();
                var rest = order[minoritySize..];
                var cuts = minority.SelectMany(a => rest.SelectMany(b => new[] { new Link(a, b), new Link(b, a) })).ToArray();
                return new Fault(id, kind, minority, cuts, [], null, Milliseconds(random, 1000, 4000));
            }

            case FaultKind.OneWayCut:
            {
                var from = random.Next(_nodeCount);
                var to = (from + 1 + random.Next(_nodeCount - 1)) % _nodeCount;
                return new Fault(id, kind, [from, to], [new Link(from, to)], [], null, Milliseconds(random, 1000, 4000));
            }

            case FaultKind.Delay:
            {
                var (nodes, links) = SlowLinks(random);
                var delay = Math.Round(Math.Exp(Uniform(random, Math.Log(5), Math.Log(300))), 1);
                var impairment = new LinkImpairment(delay, Math.Round(delay * random.NextDouble() * 0.25, 1));
                return new Fault(id, kind, nodes, [], links, impairment, Milliseconds(random, 1000, 5000));
            }

            case FaultKind.Loss:
            {
                var (nodes, links) = SlowLinks(random);
                var impairment = new LinkImpairment(
                    DelayMs: Math.Round(random.NextDouble() * 5, 1),
                    JitterMs: 1,
                    LossPercent: Math.Round(Uniform(random, 2, 20), 1),
                    RtoMinMs: 200,
                    RtoMaxMs: 600,
                    ResetPercent: Math.Round(random.NextDouble() * 2, 1));
                return new Fault(id, kind, nodes, [], links, impairment, Milliseconds(random, 1000, 5000));
            }

            default:
                return Simple(id, FaultKind.StepDown, [random.Next(_nodeCount)], 0);
        }
    }

    // Half the time every link of one node (a slow or lossy host), otherwise one link both ways.
    private (int[] Nodes, Link[] Links) SlowLinks(Random random)
    {
        var node = random.Next(_nodeCount);
        if (random.NextDouble() < 0.5)
        {
            var links = Enumerable.Range(0, _nodeCount).Where(j => j != node)
                .SelectMany(j => new[] { new Link(node, j), new Link(j, node) }).ToArray();
            return ([node], links);
        }

        var other = (node + 1 + random.Next(_nodeCount - 1)) % _nodeCount;
        return ([Math.Min(node, other), Math.Max(node, other)], [new Link(node, other), new Link(other, node)]);
    }

    private static FaultKind PickKind(Random random)
    {
        var total = Weights.Sum(w => w.Weight);
        var roll = random.Next(total);
        foreach (var (kind, weight) in Weights)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("Unreachable: the roll is below the total weight.");
    }

    private static Fault Simple(int id, FaultKind kind, int[] nodes, double durationMs) =>
        new(id, kind, nodes, [], [], null, durationMs);

    private static double Uniform(Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    private static double Milliseconds(Random random, double min, double max) => Math.Round(Uniform(random, min, max));

    private sealed class OpenFault(Fault fault, double healAt, double freeAt)
    {
        public Fault Fault { get; } = fault;

        public double HealAt { get; } = healAt;

        public double FreeAt { get; } = freeAt;

        public bool Healed { get; set; }
    }
}
