namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>All trials of one cluster, or why it could not run.</summary>
/// <param name="Label">The series' label, as <see cref="IFailoverSeries.Label"/>.</param>
/// <param name="Trials">The trials run.</param>
/// <param name="Missing">Why the series did not run (etcd not installed, say), or null.</param>
internal sealed record FailoverSeriesResult(string Label, IReadOnlyList<FailoverTrialResult> Trials, string? Missing = null)
{
    public IReadOnlyList<double> Times => Trials.Where(t => t.FailoverMs is not null).Select(t => t.FailoverMs!.Value).Order().ToList();

    public int Failed => Trials.Count(t => t.FailoverMs is null);

    public long SplitVotes => Trials.Sum(t => t.SplitVotes);
}
