using System.Globalization;
using System.Text;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// Turns the failover series into the table's row (DuckDuckGoose in namespaces against etcd in the same
/// namespaces) and into the report's detail: every series' figures, split votes, and the median of each
/// DuckDuckGoose phase in namespaces and on loopback side by side.
/// </summary>
internal static class FailoverRow
{
    public const string Goose = "DuckDuckGoose, namespaces";
    public const string Loopback = "DuckDuckGoose, loopback";
    public const string Etcd = "etcd 3.4, namespaces";

    public static NodeCostRow From(IReadOnlyList<FailoverSeriesResult> results)
    {
        var goose = results.Single(r => r.Label == Goose);
        var etcd = results.SingleOrDefault(r => r.Label == Etcd);
        var ours = FailoverSummary.From(goose.Times) ?? throw new InvalidOperationException("No DuckDuckGoose trial found a new Goose.");
        var theirs = etcd is { Missing: null } ? FailoverSummary.From(etcd.Times) : null;
        var detail = new StringBuilder();
        foreach (var series in results)
        {
            detail.Append(CultureInfo.InvariantCulture, $"\n  - {series.Label}: ");
            detail.Append(series.Missing ?? (FailoverSummary.From(series.Times) is { } s
                ? $"median/p90/worst {s}, {series.SplitVotes} split votes in {series.Trials.Count}, {series.Failed} without a new leader within 10 s; all: {string.Join(", ", series.Times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms"
                : "no trial found a new leader"));
        }

        // etcd reports a leader the moment it wins the vote; a Goose also waits for a majority to acknowledge its first round (the lease).
        if (FailoverSummary.From(goose.Trials.Select(t => t.Phases).OfType<FailoverPhases>().Select(p => p.VoteWon).ToList()) is { } voteWon)
        {
            detail.Append(CultureInfo.InvariantCulture, $"\n  - {Goose} at vote won (state Leader, the moment etcd's figure stops at; from /events): median/p90/worst {voteWon}");
        }

        detail.Append("\n  - ").Append(Phases(results));
        var etcdCell = theirs is null
            ? $"— ({etcd?.Missing ?? $"etcd not run; {EtcdNamespaceSeries.InstallHint}"})"
            : $"etcd {theirs}, {etcd!.SplitVotes} split votes";
        var ratio = theirs is null ? "—" : (ours.Median / theirs.Median).ToString("0.00", CultureInfo.InvariantCulture) + "× at the median";
        bool? atGoal = theirs is null ? null : ours.Median <= theirs.Median && ours.P90 <= theirs.P90 && ours.Worst <= theirs.Worst;
        return new NodeCostRow("", $"{ours}, {goose.SplitVotes} split votes in {goose.Trials.Count}", etcdCell, ratio, "", atGoal ?? false, detail.ToString())
        {
            Verdict = atGoal is null ? "— (no etcd)" : null,
        };
    }

    /// <summary>The median of each phase, per DuckDuckGoose series, in milliseconds since the kill and as the step from the phase before.</summary>
    public static string Phases(IReadOnlyList<FailoverSeriesResult> results)
    {
        var text = new StringBuilder("phases (median ms since the kill, step from the phase before in brackets; from the winner's GET /events; "
                                     + "from the last heartbeat to the timer is the election timeout the winner drew):");
        foreach (var series in results.Where(r => r.Label is Goose or Loopback))
        {
            var phases = series.Trials.Select(t => t.Phases).OfType<FailoverPhases>().ToList();
            if (phases.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n    - {series.Label}: no trial had a complete record");
                continue;
            }

            double Median(Func<FailoverPhases, double> pick) => FailoverSummary.From(phases.Select(pick).ToList())!.Median;
            var named = new (string Name, Func<FailoverPhases, double> Pick)[]
            {
                ("last heartbeat received", p => p.LastHeartbeat),
                ("election timer fired", p => p.TimerFired),
                ("pre-vote won", p => p.PreVoteWon),
                ("vote won", p => p.VoteWon),
                ("first round acknowledged (Goose)", p => p.FirstAcknowledgedRound),
                ("reported Goose on /status", p => p.Reported),
            };
            text.Append(CultureInfo.InvariantCulture, $"\n    - {series.Label} ({phases.Count} trials): ");
            text.Append(string.Join(", ", named.Select(n => n.Name == named[0].Name
                ? $"{n.Name} {Median(n.Pick):0.0}"
                : $"{n.Name} {Median(n.Pick):0.0} ({FailoverSummary.From(phases.Select(p => n.Pick(p) - Prior(named, n.Name, p)).ToList())!.Median:+0.0})")));
        }

        return text.ToString();
    }

    private static double Prior((string Name, Func<FailoverPhases, double> Pick)[] named, string name, FailoverPhases phases)
    {
        var index = Array.FindIndex(named, n => n.Name == name);
        return named[index - 1].Pick(phases);
    }
}
