namespace DuckDuckGoose.Chaos.Checking;

/// <summary>
/// The Goose being replaced or the term rising past the Goose's, seen in one probe round. When neither a
/// fault of the old Goose nor a requested step-down in the <see cref="ChaosChecker.HealthyWindowMs"/> before
/// explains it, it is a disruption of a healthy Goose.
/// </summary>
/// <param name="AtMs">When the round that showed it was sent.</param>
/// <param name="PreviousGoose">The Goose until then, by node index.</param>
/// <param name="PreviousTerm">Its term.</param>
/// <param name="NewGoose">The node answering Goose in that round, if another (or the same in a new term), else null.</param>
/// <param name="MaxTerm">The highest term reported in that round.</param>
/// <param name="MaxTermNode">The first node reporting it.</param>
/// <param name="Explanation">"goose faulted" or "step-down requested"; null for a disruption.</param>
public sealed record GooseChange(
    double AtMs,
    int PreviousGoose,
    long PreviousTerm,
    int? NewGoose,
    long MaxTerm,
    int MaxTermNode,
    string? Explanation)
{
    /// <summary>Whether nothing explains it.</summary>
    public bool IsDisruption => Explanation is null;

    /// <summary>A one-line description.</summary>
    public string Describe()
    {
        var what = NewGoose is { } goose && goose != PreviousGoose
            ? $"n{goose + 1} answered Goose"
            : $"n{MaxTermNode + 1} reported term {MaxTerm}";
        return $"Goose n{PreviousGoose + 1} (term {PreviousTerm}): {what}" + (Explanation is null ? "" : $" ({Explanation})");
    }
}
