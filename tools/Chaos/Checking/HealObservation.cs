namespace DuckDuckGoose.Chaos.Checking;

/// <summary>What the probe rounds showed in a window after a partition healed (times after the heal).</summary>
/// <param name="Disrupted">Whether the Goose was replaced or the term rose in the window.</param>
/// <param name="DisruptedAfterMs">When the first round showing that was sent, or null.</param>
/// <param name="What">What that round showed, or null.</param>
/// <param name="LongestNoGooseMs">The longest gap in the window in which no node answered Goose.</param>
/// <param name="MaxTerm">The highest term reported in the window.</param>
public sealed record HealObservation(
    bool Disrupted,
    double? DisruptedAfterMs,
    string? What,
    double LongestNoGooseMs,
    long MaxTerm);
