using System.Diagnostics;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// The trials on one series: wait until all 3 members agree on one leader for 500 ms, kill it with SIGKILL,
/// poll both survivors every 5 ms until one reports itself leader, then restart the killed member and wait
/// until all 3 agree again. The
/// same code for DuckDuckGoose and etcd, so the two columns differ only in what they run.
/// </summary>
internal sealed class FailoverTrialRunner(IFailoverSeries series, TextWriter output)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan StableFor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(60);

    // A restarted DuckDuckGoose node answers long before its tiered JIT has finished recompiling hot paths.
    private static readonly TimeSpan SettleAfterRestart = TimeSpan.FromSeconds(1);

    private readonly List<FailoverTrialResult> _trials = [];

    public FailoverSeriesResult Result => new(series.Label, _trials.ToList());

    public async Task RunTrialAsync(int number, int of, CancellationToken cancellationToken)
    {
        var (leader, oldTerm) = await StableLeaderAsync(number, cancellationToken);
        var survivors = Enumerable.Range(0, 3).Where(m => m != leader).ToList();

        var killedAtWall = DateTimeOffset.UtcNow;
        var killedAt = Stopwatch.GetTimestamp();
        series.Kill(leader);
        var won = await FirstNewLeaderAsync(survivors, cancellationToken);
        double? failover = won is null ? null : Stopwatch.GetElapsedTime(killedAt, won.At).TotalMilliseconds;
        FailoverPhases? phases = null;
        long splitVotes = 0;
        if (won is not null)
        {
            var newTerm = await SettledTermAsync(won.Member, won.View.Term, oldTerm, cancellationToken);
            splitVotes = Math.Max(0, newTerm - oldTerm - 1);
            phases = await series.PhasesAsync(won.Member, killedAtWall, oldTerm, newTerm, cancellationToken);
            phases = phases is null ? null : phases with { Reported = failover!.Value };
        }

        _trials.Add(new FailoverTrialResult(number, leader, won?.Member, failover, splitVotes, phases));
        var outcome = won is not null
            ? FormattableString.Invariant($"n{won.Member + 1} leads after {failover,6:0.0} ms, term {oldTerm} -> {oldTerm + splitVotes + 1}")
            : FormattableString.Invariant($"no new leader within {FailoverDeadline.TotalSeconds:0} s");
        var split = phases is { } p
            ? FormattableString.Invariant($" (last heartbeat {p.LastHeartbeat:0}, timer {p.TimerFired:0}, pre-vote won {p.PreVoteWon:0}, vote won {p.VoteWon:0}, first round acknowledged {p.FirstAcknowledgedRound:0})")
            : "";
        output.WriteLine(FormattableString.Invariant($"  [{series.Label}] trial {number,2}/{of}: killed n{leader + 1} -> {outcome}{split}"));
        series.Restart(leader);

        // Back to 3 members agreeing before the next series' trial: a restarting DuckDuckGoose node burns a core
        // for a second or more (start-up, JIT), which would otherwise land on the next series' failover.
        await StableLeaderAsync(number, cancellationToken);
        await Task.Delay(SettleAfterRestart, cancellationToken);
    }

    /// <summary>
    /// The new leader's term. etcd's status reports the term of the last applied entry, so a new leader shows
    /// the old term until it applies the empty entry of its own term: ask again for up to 2 s until it moved.
    /// </summary>
    private async Task<long> SettledTermAsync(int winner, long term, long oldTerm, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (term <= oldTerm && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(PollInterval, cancellationToken);
            term = (await series.ProbeAsync(winner, cancellationToken))?.Term ?? term;
        }

        return term;
    }

    /// <summary>Polls every member every 20 ms until all 3 answer, one leads and all name it, unchanged for <see cref="StableFor"/>.</summary>
    private async Task<(int Leader, long Term)> StableLeaderAsync(int number, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp();
        (int Leader, long Term)? candidate = null;
        long since = 0;
        string seen = "nothing yet";
        while (Stopwatch.GetElapsedTime(deadline) < SettleDeadline)
        {
            var views = await Task.WhenAll(Enumerable.Range(0, 3).Select(m => series.ProbeAsync(m, cancellationToken)));
            seen = string.Join("; ", views.Select((v, i) => $"n{i + 1}: {(v is null ? "no answer" : $"{(v.IsLeader ? "leader" : "follower")} term {v.Term} of {v.LeaderId ?? "(none)"}")}"));
            var leaders = views.Select((v, i) => (v, i)).Where(x => x.v is { IsLeader: true }).ToList();
            (int, long)? now = null;
            if (views.All(v => v is not null) && leaders.Count == 1 && views.All(v => v!.LeaderId == leaders[0].v!.Id && v.Term == leaders[0].v!.Term))
            {
                now = (leaders[0].i, leaders[0].v!.Term);
            }

            if (now != candidate)
            {
                candidate = now;
                since = Stopwatch.GetTimestamp();
            }
            else if (candidate is { } stable && Stopwatch.GetElapsedTime(since) >= StableFor)
            {
                return stable;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        throw new TimeoutException($"[{series.Label}] trial {number}: no stable leader within {SettleDeadline.TotalSeconds:0} s; last seen: {seen}");
    }

    private Task<NewLeader?> FirstNewLeaderAsync(IReadOnlyList<int> survivors, CancellationToken cancellationToken) =>
        FirstAnswer.PollAsync(
            survivors.Select(member => (Func<CancellationToken, Task<NewLeader?>>)(async token =>
            {
                var view = await series.ProbeAsync(member, token);
                var at = Stopwatch.GetTimestamp();
                return view is { IsLeader: true } ? new NewLeader(member, view, at) : null;
            })),
            PollInterval,
            FailoverDeadline,
            cancellationToken);

    /// <summary>The first survivor seen leading, what it answered, and when (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    private sealed record NewLeader(int Member, MemberView View, long At);
}
