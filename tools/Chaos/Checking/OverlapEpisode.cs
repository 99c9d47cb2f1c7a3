namespace DuckDuckGoose.Chaos.Checking;

/// <summary>Consecutive probe rounds in which two or more nodes answered Goose.</summary>
/// <param name="StartMs">When the first of them was sent.</param>
/// <param name="EndMs">When the first round after them was sent (the last round's, if the run ended in it).</param>
/// <param name="Rounds">How many rounds.</param>
/// <param name="Nodes">Every node that answered Goose in them.</param>
public sealed record OverlapEpisode(double StartMs, double EndMs, int Rounds, IReadOnlyList<int> Nodes)
{
    /// <summary>How long two Geese were seen, to the probe interval.</summary>
    public double DurationMs => EndMs - StartMs;
}
