namespace DuckDuckGoose.Chaos.Checking;

/// <summary>What the probe rounds showed after a Goose was cut off from every other node (times after the cut).</summary>
/// <param name="OverlapRounds">Rounds in which two or more nodes answered Goose.</param>
/// <param name="OverlapMs">How long two Geese were seen, summed over runs of consecutive such rounds.</param>
/// <param name="IsolatedGooseUntilMs">When the cut-off node last answered Goose (received), or null if it never did after the cut.</param>
/// <param name="NewGooseAfterMs">When another node first answered Goose (received), or null if none did.</param>
/// <param name="LongestNoGooseMs">The longest gap in which no node answered Goose.</param>
public sealed record IsolationObservation(
    int OverlapRounds,
    double OverlapMs,
    double? IsolatedGooseUntilMs,
    double? NewGooseAfterMs,
    double LongestNoGooseMs);
