namespace DuckDuckGoose.Chaos.Faults;

/// <summary>
/// Which faults are in force at one moment: the single description that the injector carries out (it
/// moves the lab from one state to the next), the planner reasons about, and the checker reads back to
/// decide whether a Goose was healthy.
/// </summary>
public sealed class FaultState
{
    private FaultState(int nodeCount, IReadOnlySet<int> down, IReadOnlySet<int> stopped, IReadOnlySet<Link> cuts, IReadOnlyDictionary<Link, LinkImpairment> slow)
    {
        NodeCount = nodeCount;
        Down = down;
        Stopped = stopped;
        Cuts = cuts;
        Slow = slow;
    }

    /// <summary>How many nodes the cluster has.</summary>
    public int NodeCount { get; }

    /// <summary>Nodes killed and not started again.</summary>
    public IReadOnlySet<int> Down { get; }

    /// <summary>Nodes held with SIGSTOP.</summary>
    public IReadOnlySet<int> Stopped { get; }

    /// <summary>Links whose connections are dropped.</summary>
    public IReadOnlySet<Link> Cuts { get; }

    /// <summary>Links sent through the delay line, with what it does on each.</summary>
    public IReadOnlyDictionary<Link, LinkImpairment> Slow { get; }

    /// <summary>More than half of the nodes.</summary>
    public int Majority => (NodeCount / 2) + 1;

    /// <summary>Whether nothing is in force.</summary>
    public bool IsHealthy => Down.Count == 0 && Stopped.Count == 0 && Cuts.Count == 0 && Slow.Count == 0;

    /// <summary>No fault in force.</summary>
    public static FaultState Healthy(int nodeCount) =>
        new(nodeCount, new HashSet<int>(), new HashSet<int>(), new HashSet<Link>(), new Dictionary<Link, LinkImpairment>());

    /// <summary>
    /// The union of <paramref name="active"/> (step-downs add nothing), plus <paramref name="alsoDown"/>
    /// (nodes the caller holds down for its own reasons, such as a restart with new settings). A link slowed by
    /// two faults takes the later one's impairment; the planner never plans that.
    /// </summary>
    public static FaultState Of(int nodeCount, IEnumerable<Fault> active, IEnumerable<int>? alsoDown = null)
    {
        var down = new HashSet<int>(alsoDown ?? []);
        var stopped = new HashSet<int>();
        var cuts = new HashSet<Link>();
        var slow = new Dictionary<Link, LinkImpairment>();
        foreach (var fault in active)
        {
            switch (fault.Kind)
            {
                case FaultKind.Kill:
                    down.UnionWith(fault.Nodes);
                    break;
                case FaultKind.Stop:
                    stopped.UnionWith(fault.Nodes);
                    break;
                case FaultKind.Partition or FaultKind.OneWayCut:
                    cuts.UnionWith(fault.Cuts);
                    break;
                case FaultKind.Delay or FaultKind.Loss when fault.Impairment is { } impairment:
                    foreach (var link in fault.SlowLinks)
                    {
                        slow[link] = impairment;
                    }

                    break;
            }
        }

        return new FaultState(nodeCount, down, stopped, cuts, slow);
    }

    /// <summary>This state with <paramref name="node"/> down as well (a restart the caller does itself).</summary>
    public FaultState WithDown(int node) =>
        new(NodeCount, new HashSet<int>(Down) { node }, Stopped, Cuts, Slow);

    /// <summary>Whether the node's process runs and is not stopped.</summary>
    public bool IsLive(int node) => !Down.Contains(node) && !Stopped.Contains(node);

    /// <summary>
    /// Whether a Goose on <paramref name="node"/> is impaired by the faults: it is down or stopped, any of its
    /// links is slowed, or it cannot open connections to enough live nodes to make a majority with itself (so
    /// it cannot renew its lease). <paramref name="starting"/> are nodes that run again but are still starting
    /// (a restarted .NET host answers nothing for a second or two), counted as not live. A cut only the other
    /// way (a peer cannot reach it) does not impair a Goose: its heartbeats and their replies travel on its own
    /// connections.
    /// </summary>
    public bool IsImpaired(int node, IReadOnlySet<int>? starting = null)
    {
        if (!IsLive(node) || starting?.Contains(node) == true || Slow.Keys.Any(l => l.Touches(node)))
        {
            return true;
        }

        var reachable = 1 + Enumerable.Range(0, NodeCount)
            .Count(j => j != node && IsLive(j) && starting?.Contains(j) != true && !Cuts.Contains(new Link(node, j)));
        return reachable < Majority;
    }

    /// <summary>
    /// Whether some majority of nodes is live and fully connected among themselves: no cut in either
    /// direction and no slowed link between any two of them. Only then can the planner be sure the cluster
    /// can keep (or elect) a Goose.
    /// </summary>
    public bool HasHealthyMajority()
    {
        var live = Enumerable.Range(0, NodeCount).Where(IsLive).ToArray();
        if (live.Length < Majority)
        {
            return false;
        }

        // At most 2^9 subsets for the largest cluster allowed: brute force is clearer than a clique search.
        for (var mask = 0; mask < 1 << live.Length; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) < Majority)
            {
                continue;
            }

            var members = live.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            if (members.All(a => members.All(b => a == b || Healthy(a, b))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A short description for logs, such as <c>down n1; cut n2->n3</c>; <c>healthy</c> when nothing is in force.</summary>
    public string Describe()
    {
        if (IsHealthy)
        {
            return "healthy";
        }

        var parts = new List<string>();
        if (Down.Count > 0)
        {
            parts.Add("down " + Names(Down));
        }

        if (Stopped.Count > 0)
        {
            parts.Add("stopped " + Names(Stopped));
        }

        if (Cuts.Count > 0)
        {
            parts.Add("cut " + string.Join(' ', Cuts.OrderBy(l => l.From).ThenBy(l => l.To)));
        }

        if (Slow.Count > 0)
        {
            parts.Add("slow " + string.Join(' ', Slow.Keys.OrderBy(l => l.From).ThenBy(l => l.To)));
        }

        return string.Join("; ", parts);
    }

    private bool Healthy(int a, int b)
    {
        var ab = new Link(a, b);
        return !Cuts.Contains(ab) && !Cuts.Contains(ab.Reversed) && !Slow.ContainsKey(ab) && !Slow.ContainsKey(ab.Reversed);
    }

    private static string Names(IEnumerable<int> nodes) => string.Join(',', nodes.Order().Select(n => $"n{n + 1}"));
}
