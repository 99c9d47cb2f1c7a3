using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Checking;

/// <summary>
/// The faults in force over a run, as a list of changes, and the moments a step-down was requested: what
/// the checker needs to tell a disrupted healthy Goose from one that was faulted. Written by the injector
/// as it goes, read by the checker afterwards.
/// </summary>
public sealed class FaultTimeline
{
    private readonly Lock _gate = new();
    private readonly List<FaultChange> _changes = [];
    private readonly List<double> _stepDowns = [];

    /// <summary>An empty timeline: every node healthy from the start.</summary>
    public FaultTimeline(int nodeCount)
    {
        NodeCount = nodeCount;
    }

    /// <summary>The cluster size.</summary>
    public int NodeCount { get; }

    /// <summary>The changes, in time order.</summary>
    public IReadOnlyList<FaultChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>When step-downs were requested, in time order.</summary>
    public IReadOnlyList<double> StepDowns
    {
        get
        {
            lock (_gate)
            {
                return [.. _stepDowns];
            }
        }
    }

    /// <summary>Records that <paramref name="state"/> is in force from <paramref name="atMs"/> on (not before the last change).</summary>
    public void Record(double atMs, FaultState state)
    {
        lock (_gate)
        {
            if (_changes.Count > 0 && atMs < _changes[^1].AtMs)
            {
                throw new ArgumentOutOfRangeException(nameof(atMs), atMs, $"Changes are recorded in time order; the last was at {_changes[^1].AtMs} ms.");
            }

            _changes.Add(new FaultChange(atMs, state));
        }
    }

    /// <summary>Records that a step-down was requested at <paramref name="atMs"/>.</summary>
    public void RecordStepDown(double atMs)
    {
        lock (_gate)
        {
            _stepDowns.Add(atMs);
        }
    }

    /// <summary>The faults in force at <paramref name="atMs"/>.</summary>
    public FaultState StateAt(double atMs)
    {
        lock (_gate)
        {
            return _changes.LastOrDefault(c => c.AtMs <= atMs)?.State ?? FaultState.Healthy(NodeCount);
        }
    }

    /// <summary>
    /// Whether any state in force at some moment of [<paramref name="fromMs"/>, <paramref name="toMs"/>] impaired
    /// <paramref name="node"/> (<see cref="FaultState.IsImpaired"/>), counting a node as still starting for
    /// <see cref="FaultPlanner.StartupAllowanceMs"/> after it was started again, as the planner does.
    /// </summary>
    public bool WasImpaired(int node, double fromMs, double toMs)
    {
        lock (_gate)
        {
            for (var i = 0; i < _changes.Count; i++)
            {
                var start = Math.Max(_changes[i].AtMs, fromMs);
                var end = Math.Min(i + 1 < _changes.Count ? _changes[i + 1].AtMs : double.PositiveInfinity, toMs);
                if (start <= end && _changes[i].State.IsImpaired(node, StartingBetween(start, end)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    // Nodes started again (no longer down) less than the startup allowance before some moment of [from, to].
    private HashSet<int> StartingBetween(double fromMs, double toMs)
    {
        var starting = new HashSet<int>();
        for (var i = 1; i < _changes.Count; i++)
        {
            var restartedAt = _changes[i].AtMs;
            if (restartedAt <= toMs && restartedAt + FaultPlanner.StartupAllowanceMs > fromMs)
            {
                starting.UnionWith(_changes[i - 1].State.Down.Except(_changes[i].State.Down));
            }
        }

        return starting;
    }

    /// <summary>Whether a step-down was requested within [<paramref name="fromMs"/>, <paramref name="toMs"/>].</summary>
    public bool StepDownBetween(double fromMs, double toMs)
    {
        lock (_gate)
        {
            return _stepDowns.Any(t => t >= fromMs && t <= toMs);
        }
    }
}
