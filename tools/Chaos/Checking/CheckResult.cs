namespace DuckDuckGoose.Chaos.Checking;

/// <summary>What <see cref="ChaosChecker.Check"/> found in a run's probe rounds.</summary>
/// <param name="Rounds">Probe rounds checked.</param>
/// <param name="Answers">Answers received (a node that did not answer in time gives none).</param>
/// <param name="FromMs">When the first round was sent.</param>
/// <param name="ToMs">When the last round was sent.</param>
/// <param name="OverlapRounds">Rounds in which two or more nodes answered Goose.</param>
/// <param name="Overlaps">Those rounds, as runs of consecutive rounds.</param>
/// <param name="TwoLeaderTerms">Terms in which two nodes answered Goose or state Leader.</param>
/// <param name="NoGooseTotalMs">Time in which no node answered Goose, in all.</param>
/// <param name="LongestNoGooseMs">The longest such gap.</param>
/// <param name="LongestNoGooseAtMs">When it started.</param>
/// <param name="Changes">Every change of Goose or rise of the term, explained or not.</param>
/// <param name="FailoversMs">From a fault impairing the Goose to another Goose (or the same one re-elected in a higher term) answering.</param>
/// <param name="SurvivedFaults">Faults that impaired the Goose without costing it the role: it answered Goose in the same term once the fault was over.</param>
public sealed record CheckResult(
    int Rounds,
    int Answers,
    double FromMs,
    double ToMs,
    int OverlapRounds,
    IReadOnlyList<OverlapEpisode> Overlaps,
    IReadOnlyList<TwoLeaderTerm> TwoLeaderTerms,
    double NoGooseTotalMs,
    double LongestNoGooseMs,
    double LongestNoGooseAtMs,
    IReadOnlyList<GooseChange> Changes,
    IReadOnlyList<double> FailoversMs,
    int SurvivedFaults)
{
    /// <summary>Changes nothing explains: disruptions of a healthy Goose.</summary>
    public IReadOnlyList<GooseChange> Disruptions => Changes.Where(c => c.IsDisruption).ToList();

    /// <summary>Whether safety was broken: two Geese at one instant, or two leaders in one term.</summary>
    public bool Failed => OverlapRounds > 0 || TwoLeaderTerms.Count > 0;
}
