using DuckDuckGoose.Chaos.Probing;

namespace DuckDuckGoose.Chaos.Checking;

/// <summary>
/// Judges a run from the outside, as etcd's robustness checker does: only what the nodes answered to the
/// prober and what the injector did, no node internals. Pure: no clock, no I/O, so it is unit-tested on
/// made-up rounds.
/// </summary>
public static class ChaosChecker
{
    /// <summary>How long after a fault of the Goose (or a requested step-down) a change of Goose or term counts as explained.</summary>
    public const double HealthyWindowMs = 2000;

    /// <summary>
    /// Counts overlaps (rounds with two or more Geese), two-leader terms, time without a Goose, changes of
    /// Goose or term with whether the fault timeline explains them, and failover times.
    /// </summary>
    public static CheckResult Check(IEnumerable<ProbeAnswer> answers, FaultTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var rounds = ProbeRound.Group(answers);
        var changes = timeline.Changes;
        var state = Faults.FaultState.Healthy(timeline.NodeCount);
        var nextChange = 0;

        var overlapRounds = 0;
        var overlaps = new List<OverlapEpisode>();
        (double Start, int Rounds, HashSet<int> Nodes)? openOverlap = null;
        var leaders = new SortedDictionary<long, SortedSet<int>>();
        double? gapStart = null;
        double gapTotal = 0, gapLongest = 0, gapLongestAt = 0;
        var gooseChanges = new List<GooseChange>();
        var failovers = new List<double>();
        var survived = 0;
        (int Node, long Term)? current = null;
        (int Node, long Term, double AtMs)? pending = null;

        foreach (var round in rounds)
        {
            // Fault changes up to this round: a change that impairs the Goose we last saw starts a failover clock.
            for (; nextChange < changes.Count && changes[nextChange].AtMs <= round.SentMs; nextChange++)
            {
                var next = changes[nextChange].State;
                if (current is { } goose && pending is null && !state.IsImpaired(goose.Node) && next.IsImpaired(goose.Node))
                {
                    pending = (goose.Node, goose.Term, changes[nextChange].AtMs);
                }

                state = next;
            }

            var geese = round.Geese;
            foreach (var claim in round.Answers.Where(a => a.ClaimsLeadership))
            {
                if (!leaders.TryGetValue(claim.Term, out var claimants))
                {
                    leaders[claim.Term] = claimants = [];
                }

                claimants.Add(claim.Node);
            }

            if (geese.Count >= 2)
            {
                overlapRounds++;
                openOverlap ??= (round.SentMs, 0, []);
                var o = openOverlap.Value;
                o.Nodes.UnionWith(geese.Select(g => g.Node));
                openOverlap = (o.Start, o.Rounds + 1, o.Nodes);
            }
            else if (openOverlap is { } o)
            {
                overlaps.Add(new OverlapEpisode(o.Start, round.SentMs, o.Rounds, [.. o.Nodes.Order()]));
                openOverlap = null;
            }

            if (geese.Count == 0)
            {
                gapStart ??= round.SentMs;
            }
            else if (gapStart is { } start)
            {
                CloseGap(start, round.SentMs);
                gapStart = null;
            }

            if (pending is { } p && geese.Count > 0)
            {
                if (geese.FirstOrDefault(g => g.Node != p.Node || g.Term > p.Term) is { } successor)
                {
                    failovers.Add(successor.ReceivedMs - p.AtMs);
                    pending = null;
                }
                else if (!state.IsImpaired(p.Node) && geese.Any(g => g.Node == p.Node && g.Term == p.Term))
                {
                    // Answering Goose while still faulted proves nothing (its lease may not have run out yet);
                    // answering Goose in the same term after the fault is over means it kept the role.
                    survived++;
                    pending = null;
                }
            }

            var top = geese.OrderByDescending(g => g.Term).ThenBy(g => g.Node).FirstOrDefault();
            var maxTerm = round.MaxTerm;
            if (current is { } c)
            {
                var replaced = top is not null && (top.Node != c.Node || top.Term != c.Term);
                if (replaced || maxTerm > c.Term)
                {
                    var from = round.SentMs - HealthyWindowMs;
                    var explanation = timeline.WasImpaired(c.Node, from, round.SentMs) ? "goose faulted"
                        : timeline.StepDownBetween(from, round.SentMs) ? "step-down requested"
                        : null;
                    var raisedBy = round.Answers.First(a => a.Answered && a.Term == maxTerm).Node;
                    gooseChanges.Add(new GooseChange(round.SentMs, c.Node, c.Term, top?.Node, maxTerm, raisedBy, explanation));

                    // While an election is under way (a term above every Goose seen), there is no Goose to
                    // follow; the next one to appear in the new term becomes the current one.
                    current = top is not null && top.Term >= maxTerm ? (top.Node, top.Term) : null;
                }
            }
            else if (top is not null && top.Term >= maxTerm)
            {
                current = (top.Node, top.Term);
            }
        }

        if (openOverlap is { } last)
        {
            overlaps.Add(new OverlapEpisode(last.Start, rounds[^1].SentMs, last.Rounds, [.. last.Nodes.Order()]));
        }

        if (gapStart is { } openGap)
        {
            CloseGap(openGap, rounds[^1].SentMs);
        }

        var twoLeaderTerms = leaders.Where(l => l.Value.Count >= 2).Select(l => new TwoLeaderTerm(l.Key, [.. l.Value])).ToList();
        return new CheckResult(
            rounds.Count,
            rounds.Sum(r => r.Answers.Count(a => a.Answered)),
            rounds.Count > 0 ? rounds[0].SentMs : 0,
            rounds.Count > 0 ? rounds[^1].SentMs : 0,
            overlapRounds,
            overlaps,
            twoLeaderTerms,
            gapTotal,
            gapLongest,
            gapLongestAt,
            gooseChanges,
            failovers,
            survived);

        void CloseGap(double start, double end)
        {
            var length = end - start;
            gapTotal += length;
            if (length > gapLongest)
            {
                gapLongest = length;
                gapLongestAt = start;
            }
        }
    }

    /// <summary>
    /// The rounds sent in [<paramref name="cutAtMs"/>, <paramref name="untilMs"/>] after node
    /// <paramref name="isolated"/>, the Goose, was cut off from the others: how long two Geese were seen, how
    /// long the cut-off node kept answering Goose, and when another node took over.
    /// </summary>
    public static IsolationObservation ObserveIsolation(IEnumerable<ProbeAnswer> answers, double cutAtMs, double untilMs, int isolated)
    {
        var window = Window(answers, cutAtMs, untilMs);
        var overlapRounds = 0;
        var overlapMs = 0.0;
        double? overlapStart = null;
        double? isolatedUntil = null;
        double? newGoose = null;
        foreach (var round in window)
        {
            var geese = round.Geese;
            if (geese.Count >= 2)
            {
                overlapRounds++;
                overlapStart ??= round.SentMs;
            }
            else if (overlapStart is { } start)
            {
                overlapMs += round.SentMs - start;
                overlapStart = null;
            }

            if (geese.FirstOrDefault(g => g.Node == isolated) is { } stale)
            {
                isolatedUntil = stale.ReceivedMs - cutAtMs;
            }

            if (newGoose is null && geese.FirstOrDefault(g => g.Node != isolated) is { } successor)
            {
                newGoose = successor.ReceivedMs - cutAtMs;
            }
        }

        if (overlapStart is { } open)
        {
            overlapMs += window[^1].SentMs - open;
        }

        return new IsolationObservation(overlapRounds, overlapMs, isolatedUntil, newGoose, LongestGap(window));
    }

    /// <summary>
    /// The rounds sent in the <paramref name="windowMs"/> after a heal at <paramref name="healAtMs"/>: whether
    /// Goose <paramref name="goose"/> of term <paramref name="term"/> was replaced or the term rose, when, and
    /// the longest time without a Goose.
    /// </summary>
    public static HealObservation ObserveAfterHeal(IEnumerable<ProbeAnswer> answers, double healAtMs, double windowMs, int goose, long term)
    {
        var window = Window(answers, healAtMs, healAtMs + windowMs);
        foreach (var round in window)
        {
            var other = round.Geese.FirstOrDefault(g => g.Node != goose || g.Term != term);
            var higher = round.Answers.FirstOrDefault(a => a.Answered && a.Term > term);
            if (other is not null || higher is not null)
            {
                var what = other is not null
                    ? $"n{other.Node + 1} answered Goose in term {other.Term}"
                    : $"n{higher!.Node + 1} reported term {higher.Term} ({higher.Role}, {higher.State})";
                return new HealObservation(true, round.SentMs - healAtMs, what, LongestGap(window), window.Max(r => r.MaxTerm));
            }
        }

        return new HealObservation(false, null, null, LongestGap(window), window.Count > 0 ? window.Max(r => r.MaxTerm) : 0);
    }

    private static List<ProbeRound> Window(IEnumerable<ProbeAnswer> answers, double fromMs, double toMs) =>
        ProbeRound.Group(answers.Where(a => a.SentMs >= fromMs && a.SentMs <= toMs)).ToList();

    private static double LongestGap(List<ProbeRound> rounds)
    {
        double longest = 0;
        double? start = null;
        foreach (var round in rounds)
        {
            if (round.Geese.Count == 0)
            {
                start ??= round.SentMs;
            }
            else if (start is { } s)
            {
                longest = Math.Max(longest, round.SentMs - s);
                start = null;
            }
        }

        if (start is { } open)
        {
            longest = Math.Max(longest, rounds[^1].SentMs - open);
        }

        return longest;
    }
}
