namespace DuckDuckGoose.Simulation;

/// <summary>The outcomes of one variant's seeds, summed. Not thread-safe: one per worker, merged at the end.</summary>
public sealed class VariantTally(string variant)
{
    private const int KeptFailedSeeds = 20;
    private readonly List<long> _settle = [];

    public string Variant { get; } = variant;

    public int Seeds { get; private set; }

    public int Failures { get; private set; }

    /// <summary>Runs excused for ending without a Goose because no voter that may stand could win.</summary>
    public int NobodyCouldWin { get; private set; }

    public long HandOversRequested { get; private set; }

    public long HandOversDone { get; private set; }

    /// <summary>The lowest failed seeds (up to 20).</summary>
    public List<int> FailedSeeds { get; } = [];

    /// <summary>The first line of each failure in <see cref="FailedSeeds"/> (what broke), by seed.</summary>
    public Dictionary<int, string> FirstLines { get; } = [];

    /// <summary>How often each notable fault or check happened, over all seeds (<see cref="SimulationEvents"/>).</summary>
    public SortedDictionary<string, long> Events { get; } = [];

    /// <summary>The failure with the shortest message (usually the simplest story), or null.</summary>
    public SimulationOutcome? ShortestFailure { get; private set; }

    /// <summary>Runs that settled.</summary>
    public int Settled => _settle.Count;

    /// <summary>Median simulated millis from the end of the faults to the first Goose, over the runs that settled.</summary>
    public long? SettleMedianMs => _settle.Count == 0 ? null : Sorted()[_settle.Count / 2];

    public long? SettleWorstMs => _settle.Count == 0 ? null : _settle.Max();

    public void Add(SimulationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Seeds++;
        HandOversRequested += outcome.HandOversRequested;
        HandOversDone += outcome.HandOversDone;
        AddEvents(outcome.Events);
        if (outcome.Failure is { } failure)
        {
            Failures++;
            KeepFailure(outcome.Seed, failure.IndexOf('\n') is var end and >= 0 ? failure[..end] : failure, outcome);
        }
        else if (outcome.NobodyCouldWin)
        {
            NobodyCouldWin++;
        }
        else
        {
            _settle.Add(outcome.SettleMs);
        }
    }

    public void Merge(VariantTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Seeds += other.Seeds;
        Failures += other.Failures;
        NobodyCouldWin += other.NobodyCouldWin;
        HandOversRequested += other.HandOversRequested;
        HandOversDone += other.HandOversDone;
        _settle.AddRange(other._settle);
        AddEvents(other.Events);
        foreach (var seed in other.FailedSeeds)
        {
            KeepFailure(seed, other.FirstLines[seed], null);
        }

        if (other.ShortestFailure is { } failure)
        {
            KeepShortest(failure);
        }
    }

    /// <summary>One line: seeds, failures, settle median and worst, hand-overs.</summary>
    public string Summary() =>
        $"{Variant}: {Seeds} seeds, {Failures} failed; settled {Settled} (median {SettleMedianMs?.ToString() ?? "-"} ms, worst {SettleWorstMs?.ToString() ?? "-"} ms)"
        + (NobodyCouldWin > 0 ? $", no electable voter could win {NobodyCouldWin}" : "")
        + $"; hand-overs done {HandOversDone} of {HandOversRequested}"
        + (Events.Count > 0 ? $"; {EventSummary()}" : "")
        + (Failures > 0 ? $"; failed seeds {string.Join(", ", FailedSeeds)}{(Failures > FailedSeeds.Count ? ", ..." : "")}" : "");

    /// <summary>The event counts as one line, such as "one-way cuts 312, quiet periods run 250".</summary>
    public string EventSummary() => string.Join(", ", Events.Select(e => $"{e.Key} {e.Value}"));

    /// <summary>How often <paramref name="what"/> happened (0 if never).</summary>
    public long Count(string what) => Events.GetValueOrDefault(what);

    private void AddEvents<TCount>(IEnumerable<KeyValuePair<string, TCount>> events)
        where TCount : System.Numerics.INumberBase<TCount>
    {
        foreach (var (what, count) in events)
        {
            Events[what] = Events.GetValueOrDefault(what) + long.CreateChecked(count);
        }
    }

    private void KeepFailure(int seed, string firstLine, SimulationOutcome? outcome)
    {
        var at = FailedSeeds.BinarySearch(seed);
        if (at < 0)
        {
            FailedSeeds.Insert(~at, seed);
            FirstLines[seed] = firstLine;
            if (FailedSeeds.Count > KeptFailedSeeds)
            {
                FirstLines.Remove(FailedSeeds[^1]);
                FailedSeeds.RemoveAt(FailedSeeds.Count - 1);
            }
        }

        if (outcome is not null)
        {
            KeepShortest(outcome);
        }
    }

    private void KeepShortest(SimulationOutcome failure)
    {
        if (ShortestFailure is null
            || failure.Failure!.Length < ShortestFailure.Failure!.Length
            || (failure.Failure.Length == ShortestFailure.Failure.Length && failure.Seed < ShortestFailure.Seed))
        {
            ShortestFailure = failure;
        }
    }

    private List<long> Sorted()
    {
        _settle.Sort();
        return _settle;
    }
}
