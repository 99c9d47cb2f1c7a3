namespace DuckDuckGoose.Simulation;

/// <summary>
/// Runs a range of seeds on all cores, each with one variant (a fixed one, or the one <see cref="SimulationVariant.ForSeed"/>
/// gives it), and sums the outcomes per variant. <see cref="Done"/> and <see cref="Failures"/> may be read while it runs.
/// </summary>
public sealed class SimulationBatch
{
    private readonly SimulationVariant? _variant;
    private readonly Dictionary<string, VariantTally> _tallies = [];
    private int _done;
    private int _failures;

    /// <param name="variant">The variant every seed runs, or null for the one each seed picks.</param>
    /// <param name="firstSeed">The first seed.</param>
    /// <param name="count">How many seeds, from <paramref name="firstSeed"/> on.</param>
    public SimulationBatch(SimulationVariant? variant, int firstSeed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)firstSeed + count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Seeds {firstSeed} to {(long)firstSeed + count - 1} do not fit an int.");
        }

        _variant = variant;
        FirstSeed = firstSeed;
        Count = count;
    }

    public int FirstSeed { get; }

    public int Count { get; }

    public int Done => Volatile.Read(ref _done);

    public int Failures => Volatile.Read(ref _failures);

    /// <summary>One tally per variant that ran, in <see cref="SimulationVariant.All"/> order (then <see cref="SimulationVariant.Large"/>); complete once <see cref="Run"/> returned.</summary>
    public IReadOnlyList<VariantTally> Tallies
    {
        get
        {
            lock (_tallies)
            {
                return [.. SimulationVariant.All.Concat(SimulationVariant.Large).Where(v => _tallies.ContainsKey(v.Name)).Select(v => _tallies[v.Name])];
            }
        }
    }

    /// <summary>All seeds' tallies summed.</summary>
    public VariantTally Total
    {
        get
        {
            var total = new VariantTally("total");
            foreach (var tally in Tallies)
            {
                total.Merge(tally);
            }

            return total;
        }
    }

    /// <summary>Runs every seed, on <paramref name="maxParallelism"/> threads (default: one per core).</summary>
    public void Run(int? maxParallelism = null, CancellationToken cancellationToken = default)
    {
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(
            (long)FirstSeed,
            (long)FirstSeed + Count,
            options,
            () => new Dictionary<string, VariantTally>(),
            (seed, _, local) =>
            {
                var variant = _variant ?? SimulationVariant.ForSeed((int)seed);
                var outcome = variant.Run((int)seed);
                if (!local.TryGetValue(variant.Name, out var tally))
                {
                    local[variant.Name] = tally = new VariantTally(variant.Name);
                }

                tally.Add(outcome);
                if (outcome.Failed)
                {
                    Interlocked.Increment(ref _failures);
                }

                Interlocked.Increment(ref _done);
                return local;
            },
            local =>
            {
                lock (_tallies)
                {
                    foreach (var (name, tally) in local)
                    {
                        if (_tallies.TryGetValue(name, out var sum))
                        {
                            sum.Merge(tally);
                        }
                        else
                        {
                            _tallies[name] = tally;
                        }
                    }
                }
            });
    }
}
