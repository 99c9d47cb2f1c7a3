namespace DuckDuckGoose.Bench.Failover;

/// <summary>All trials of one configuration: one transport in one security mode at one election timeout.</summary>
internal sealed record FailoverSeries(string Transport, string Security, int ElectionTimeoutMs, IReadOnlyList<FailoverTrial> Trials)
{
    public FailoverStats? Stats => FailoverStats.From(Trials.Where(t => t.Failover is not null).Select(t => t.Failover!.Value));

    public int Failed => Trials.Count(t => t.Failover is null);

    public string Label => $"{Transport}, {Security}, timeout {ElectionTimeoutMs}";
}
