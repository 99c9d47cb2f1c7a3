using DuckDuckGoose.Chaos.Probing;

namespace DuckDuckGoose.Chaos.Checking;

/// <summary>One probe round ("instant"): every node asked at <paramref name="SentMs"/>, and what each answered.</summary>
/// <param name="Number">The round's number.</param>
/// <param name="SentMs">When the requests were sent.</param>
/// <param name="Answers">One entry per node asked, answered or not.</param>
public sealed record ProbeRound(long Number, double SentMs, IReadOnlyList<ProbeAnswer> Answers)
{
    /// <summary>The answers that say Goose, one per node.</summary>
    public IReadOnlyList<ProbeAnswer> Geese => Answers.Where(a => a.IsGoose).DistinctBy(a => a.Node).ToList();

    /// <summary>The highest term any node reported; 0 when none answered.</summary>
    public long MaxTerm => Answers.Where(a => a.Answered).Select(a => a.Term).DefaultIfEmpty(0).Max();

    /// <summary>Groups answers into rounds, in round order.</summary>
    public static IReadOnlyList<ProbeRound> Group(IEnumerable<ProbeAnswer> answers) =>
        answers.GroupBy(a => a.Round)
            .Select(g => new ProbeRound(g.Key, g.Min(a => a.SentMs), g.OrderBy(a => a.Node).ToList()))
            .OrderBy(r => r.Number)
            .ToList();
}
