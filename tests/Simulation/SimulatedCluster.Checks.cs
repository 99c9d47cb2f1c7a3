using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>The invariants checked after every event, the quiet period, and the trace a failure carries.</summary>
public sealed partial class SimulatedCluster
{
    private readonly Dictionary<long, string> _leaderOfTerm = [];
    private readonly Dictionary<long, long> _committedTerm = [];

    // The nodes that were Leader since their lease last ran out: the only ones that may report Goose.
    private readonly List<SimulatedNode> _mayHoldLease = [];
    private readonly Queue<string> _trace = new();
    private QuietPeriod? _quiet;

    private void CheckLeader(SimulatedNode node, CoreStatus status)
    {
        if (status.State != NodeState.Leader || node.Lineage != NodeLineage.Cluster)
        {
            return;
        }

        // Raft §5.2 Election Safety: at most one leader per term.
        if (_leaderOfTerm.TryGetValue(status.Term, out var leader) && leader != node.Id)
        {
            throw Fail($"two leaders in term {status.Term}: {leader} and {node.Id}");
        }

        _leaderOfTerm[status.Term] = node.Id;
    }

    /// <summary>
    /// Raft §5.3 and §5.4: an entry a Goose commits is stored by a majority of its configuration's voters at that
    /// moment (non-voters never count for a commit).
    /// Checked on the entry itself (the same object the Goose created), not on index and term, so a node whose
    /// log holds another history at the same index and term does not count. A configuration appended in the
    /// same step past the committed index (a change that waited for this commit) was not in force when it was
    /// counted; thesis §4.1 keeps the two overlapping, so the commit is checked against the one before.
    /// </summary>
    private void CheckCommit(SimulatedNode node, DurableState before, DurableState after, CoreStatus status)
    {
        if (status.State != NodeState.Leader || node.Lineage != NodeLineage.Cluster || status.CommitIndex <= node.CheckedCommit)
        {
            node.CheckedCommit = Math.Max(node.CheckedCommit, status.CommitIndex);
            return;
        }

        var index = status.CommitIndex;
        node.CheckedCommit = index;

        // The Goose appended the entry in an earlier step (so it was persisted and may have been sent), or in
        // this one (so no other node can hold it yet).
        var entry = before.Log.FirstOrDefault(e => e.Index == index);
        var latest = LatestConfiguration(after);
        var configuration = (latest.Index > index && latest.Index > before.Log.Select(e => e.Index).DefaultIfEmpty(before.Base.Index).Max()
            ? LatestConfiguration(before).Members
            : status.Members).Where(m => m.IsVoter).ToList();
        var quorum = (configuration.Count / 2) + 1;
        var storing = configuration
            .Where(m => m.Id == node.Id || (entry is not null && Find(m.Id).Stored.Contains(entry)))
            .Select(m => m.Id)
            .ToList();
        if (storing.Count < quorum)
        {
            throw Fail($"{node.Id} committed index {index} in term {status.Term}, but only {(storing.Count == 0 ? "no node" : string.Join(", ", storing))} of its configuration {Names(configuration)} store{(storing.Count == 1 ? "s" : "")} that entry (a majority is {quorum}); {Describe()}");
        }
    }

    private const long SelfRemovalWaitMs = 21_000;

    private static (long Index, IReadOnlyList<Member> Members) LatestConfiguration(DurableState state) =>
        state.Log.LastOrDefault(e => e.Members is not null) is { Members: { } members } entry
            ? (entry.Index, members)
            : (state.Base.Index, state.Base.Members);

    /// <summary>Keeps <see cref="SimulatedNode.Stored"/> in step with a node's log across a persist.</summary>
    private static void TrackStored(SimulatedNode node, DurableState before, DurableState after)
    {
        // An entry leaves the log either folded into the committed base, which still stores it, or truncated by a
        // conflicting Goose (§5.3) or replaced by a snapshot of another history (§7), which does not.
        var foldedOwn = after.Base.Index == before.Base.Index
            || before.Log.Any(e => e.Index == after.Base.Index && e.Term == after.Base.Term);
        foreach (var entry in before.Log)
        {
            if ((entry.Index > after.Base.Index || !foldedOwn) && !after.Log.Any(e => ReferenceEquals(e, entry)))
            {
                node.Stored.Remove(entry);
            }
        }

        node.Stored.UnionWith(after.Log);
    }

    /// <summary>
    /// A node of another cluster (its own id, or founded without one) must never become a member, nor take the
    /// cluster's configuration: the cluster ids keep it out, whatever the join driver proposed.
    /// </summary>
    private void TrackLineage(SimulatedNode node, CoreStatus status)
    {
        if (!_foreignSeen)
        {
            // No node ever ran a cluster of its own in this run: nothing to track (and a large cluster's
            // configuration is not walked on every persist).
            return;
        }

        if (node.Lineage == NodeLineage.Foreign)
        {
            if (status.Members.Any(m => m.Id != node.Id && Find(m.Id).Lineage == NodeLineage.Cluster))
            {
                throw Fail($"{node.Id}, a node of another cluster, took the cluster's configuration ({Names(status.Members)}); {Describe()}");
            }

            return;
        }

        foreach (var member in status.Members)
        {
            if (Find(member.Id) is { Lineage: NodeLineage.Foreign } foreign)
            {
                throw Fail($"{foreign.Id}, a node of another cluster, was made a member of {node.Id}'s configuration ({Names(status.Members)}); {Describe()}");
            }
        }
    }

    private void CheckInvariants()
    {
        // No two nodes answer Goose at the same instant: a lease can only begin at an event, so checking
        // after every event finds any overlap at the moment the later lease begins. Only a node that was Leader
        // since its lease last ran out can hold one (a lease is taken only in Apply, by a Leader), so only those
        // are looked at: a large cluster's non-voters are never walked here. In node order, as every node was.
        SimulatedNode? first = null;
        if (_mayHoldLease.Count > 1)
        {
            _mayHoldLease.Sort((a, b) => a.Index.CompareTo(b.Index));
        }

        for (var i = _mayHoldLease.Count - 1; i >= 0; i--)
        {
            var candidate = _mayHoldLease[i];
            if (candidate.LastSeen.State != NodeState.Leader && !candidate.ReportsGooseAt(_now))
            {
                _mayHoldLease.RemoveAt(i);
            }
        }

        foreach (var node in _mayHoldLease)
        {
            if (node.Lineage != NodeLineage.Cluster || !node.ReportsGooseAt(_now))
            {
                continue;
            }

            var at = _now / (double)Ms;
            GooseSpans[node.Id] = GooseSpans.TryGetValue(node.Id, out var span) ? (span.First, at) : (at, at);
            if (first is not null)
            {
                throw Fail($"two Geese at {_now / Ms} ms: {first.Id}, {node.Id}; {Describe()}");
            }

            first = node;
        }

        if (_quiet is { } quiet)
        {
            CheckQuiet(quiet);
        }
    }

    /// <summary>
    /// Raft §5.4.3 State Machine Safety, on the committed prefix a node keeps: checked whenever its durable state
    /// changes (a persist) and when it starts (on a state of its own, a copy or another cluster's), the only times
    /// that prefix can change.
    /// </summary>
    private void CheckCommitted(SimulatedNode node)
    {
        if (!node.Alive || node.Lineage != NodeLineage.Cluster)
        {
            return;
        }

        var committed = node.Durable.Base;
        if (_committedTerm.TryGetValue(committed.Index, out var term) && term != committed.Term)
        {
            throw Fail($"{node.Id} committed index {committed.Index} at term {committed.Term}, another node at term {term}");
        }

        _committedTerm[committed.Index] = committed.Term;
    }

    /// <summary>
    /// After the faults stop: wait for a settled Goose, then run <see cref="SimulationSettings.QuietMs"/> with no faults,
    /// checking after every event that the Goose stays Leader in its term and no member's term rises past it.
    /// Messages sent during the faults may still arrive (late or replayed); that is what this looks for.
    /// </summary>
    private void RunQuietPeriod(long healedAt)
    {
        var settle = _settings.SettleBoundMs * Ms;
        var bound = _now + settle;
        var cap = bound + (SelfRemovalWaitMs * Ms);
        while (!Settled(healedAt))
        {
            // The Goose's own removal may wait behind a newcomer that never catches up (up to 10 election
            // timeouts) and is then decided within 20 election timeouts of being asked, 20 s at the longest
            // timeout simulated: while it waits the bound moves on, so the cluster has the whole bound to
            // elect the next Goose once it is carried out; never past that wait.
            if (Goose is { } waiting && _undecidedSelfRemovals.ContainsValue(waiting))
            {
                bound = Math.Min(Math.Max(bound, _now + settle), cap);
            }

            if (_now >= bound)
            {
                // As after the faults: with priorities, no Goose is owed when no voter that may stand can win
                // (a Goose that committed its own removal, requested during the faults, leaves none).
                if (_settings.UsesPriorities && !SomeoneCanWin())
                {
                    NobodyCouldWin = true;
                    Trace($"no settled Goose, and none can be elected: {Describe()}");
                    return;
                }

                throw Fail($"quiet period: no settled Goose (a lease renewed since the faults stopped, every node on its term, every member following it) within {_settings.SettleBoundMs} ms of the first Goose; {Describe()}");
            }

            RunUntil(_now + Ms);
        }

        var goose = Goose!;
        _quiet = new QuietPeriod(goose, goose.Core!.Status.Term, _now);
        Count(SimulationEvents.QuietPeriod);
        Trace($"quiet period: {goose.Id} is the settled Goose of term {_quiet.Term}; {_settings.QuietMs} ms without faults follow");
        ReleaseParked();
        RunFor(_settings.QuietMs);
        _quiet = null;
        if (!goose.ReportsGooseAt(_now))
        {
            throw Fail($"quiet period: the healthy Goose {goose.Id} no longer reports Goose at the end of {_settings.QuietMs} ms without faults; {Describe()}");
        }
    }

    /// <summary>
    /// A Goose that a majority heard since the faults stopped (its lease was renewed by a heartbeat round that
    /// began after <paramref name="healedAt"/>: a Goose still living on a lease from before may be about to step
    /// down by check-quorum, which is no fault of the quiet period), whose term no node of the cluster has passed
    /// (a foreign node is not added once the faults stop; one the Goose still tries to catch up is refused by it),
    /// which every member of its configuration follows, which is a voter of that configuration, and whose own
    /// removal, if asked, was decided.
    /// </summary>
    private bool Settled(long healedAt)
    {
        if (Goose is not { } goose || goose.Lease.ExpiresAt - goose.Timing.LeaseMicros < goose.LocalNow(healedAt))
        {
            return false;
        }

        // The Goose's own removal, asked for during the faults and still waiting behind another change, is
        // the operator's doing, not a fault: the quiet period starts once it is decided.
        if (_undecidedSelfRemovals.ContainsValue(goose))
        {
            return false;
        }

        // A Goose that its own latest configuration leaves out (or demotes) leads only to commit that change, and
        // then steps down (thesis §4.2.2): one deposed while its own removal was under way may stand and win again.
        var status = goose.Core!.Status;
        if (!status.Members.Any(m => m.Id == goose.Id && m.IsVoter))
        {
            return false;
        }

        return _nodes.All(n => !n.Alive || n.Lineage != NodeLineage.Cluster || n.Core!.Status.Term <= status.Term)
            && status.Members.Where(m => m.Id != goose.Id).All(m => Find(m.Id).Core?.Status is
            {
                State: NodeState.Follower,
            } s && s.Term == status.Term && s.Leader?.Id == goose.Id);
    }

    private void CheckQuiet(QuietPeriod quiet)
    {
        // Checked after every event, so it reads the state and term each node reported after its last step
        // (LastSeen) instead of building every core's status again.
        var goose = quiet.Goose;
        if (!goose.Alive || goose.LastSeen != (NodeState.Leader, quiet.Term))
        {
            var now = goose.Alive ? $"{goose.LastSeen.State} in term {goose.LastSeen.Term}" : "down";
            throw Fail($"quiet period: the healthy Goose {goose.Id} of term {quiet.Term} was deposed {(_now - quiet.Since) / Ms} ms into a period without faults (it is {now}); {Describe()}");
        }

        foreach (var member in Configuration(goose.Durable))
        {
            if (Find(member.Id) is { Alive: true, LastSeen.Term: var term } && term > quiet.Term)
            {
                throw Fail($"quiet period: {member.Id} raised its term to {term} {(_now - quiet.Since) / Ms} ms into a period without faults, under the healthy Goose {goose.Id} of term {quiet.Term}; {Describe()}");
            }
        }
    }

    /// <summary>
    /// Whether an election can still succeed: some node that may stand (a voter of priority above 0 in its own
    /// latest configuration, which is the one it counts votes in, thesis §4.1) has a log at least as up to date
    /// (§5.4.1) as a majority of that configuration's voters, itself included, so it could win their votes.
    /// </summary>
    private bool SomeoneCanWin() => _nodes
        .Where(n => n.Lineage == NodeLineage.Cluster)
        .Any(candidate =>
        {
            var voters = Configuration(candidate.Durable).Where(m => m.IsVoter).ToList();
            if (voters.FirstOrDefault(m => m.Id == candidate.Id) is not { CanStand: true })
            {
                return false;
            }

            var last = Last(candidate.Durable);
            return voters.Count(m => Last(Find(m.Id).Durable).CompareTo(last) <= 0) > voters.Count / 2;
        });

    private static (long Term, long Index) Last(DurableState state) =>
        state.Log.Count > 0 ? (state.Log[^1].Term, state.Log[^1].Index) : (state.Base.Term, state.Base.Index);

    private static long LastIndex(DurableState state) => Last(state).Index;

    private static IReadOnlyList<Member> Configuration(DurableState state) =>
        state.Log.LastOrDefault(e => e.Members is not null)?.Members ?? state.Base.Members;

    /// <summary>Every node's state for a failure message; past <see cref="NamesListed"/> nodes, voters in full and non-voters summed up.</summary>
    private string Describe()
    {
        if (_nodes.Count <= NamesListed)
        {
            return Describe(_nodes);
        }

        var voters = _nodes.Where(n => n.Alive && n.Core!.Status.Members.FirstOrDefault(m => m.Id == n.Id) is { IsVoter: true }).ToList();
        var others = _nodes.Except(voters).ToList();
        var following = others.Where(n => n.Alive)
            .GroupBy(n => n.Core!.Status is var s ? $"{s.State} t{s.Term} leader={s.Leader?.Id ?? "-"}" : "")
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} {g.Key}");
        return $"{Describe(voters)}; the {others.Count} others: {others.Count(n => !n.Alive)} down, {string.Join(", ", following)}";
    }

    private string Describe(IEnumerable<SimulatedNode> nodes) => string.Join("; ", nodes.Select(n => n.Alive
        ? $"{n.Id}{(_settings.UsesPriorities ? $"(p{n.Member.ElectionPriority})" : "")}{(n.Lineage == NodeLineage.Foreign ? " (foreign)" : "")} {n.Core!.Status.State} t{n.Core.Status.Term} leader={n.Core.Status.Leader?.Id ?? "-"} members={Names(n.Core.Status.Members)} log={n.Durable.Base.Index}/t{n.Durable.Base.Term}..{LastIndex(n.Durable)} commit={n.Core.Status.CommitIndex}{(n.Timing == _settings.Timing ? "" : $" timeout={n.Timing.ElectionTimeoutMs}ms")} goose={n.ReportsGooseAt(_now)}"
        : $"{n.Id} {(n.Held ? "not started" : "down")}"));

    /// <summary>Past this many, a list of names is cut short (a 1,000-member configuration in every trace line helps nobody).</summary>
    private const int NamesListed = 12;

    private static string Names(IEnumerable<Member> members) => Names(members.Select(m => m.IsVoter ? m.Id : $"{m.Id}(nv)").ToList());

    private static string Names(IEnumerable<SimulatedNode> nodes) => Names(nodes.Select(n => n.Id).ToList());

    private static string Names(List<string> names) => names.Count <= NamesListed
        ? string.Join(",", names)
        : $"{string.Join(",", names.Take(NamesListed))},… ({names.Count} in all)";

    private void Trace(string line)
    {
        var entry = $"[{_now / (double)Ms,9:F3} ms] {line}";
        if (_fullTrace)
        {
            FullTrace.Add(entry);
        }

        _trace.Enqueue(entry);
        if (_trace.Count > 60)
        {
            _trace.Dequeue();
        }
    }

    private SimulationFailure CoreThrew(SimulatedNode node, string call, Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(4);
        return Fail($"{node.Id} threw {e.GetType().Name} out of ElectionCore.{call}: {e.Message}\n    {string.Join("\n    ", frames)}");
    }

    private SimulationFailure Fail(string what)
    {
        var replay = _settings.Name is { } name
            ? $"Replay: dotnet run -c Release --project tools/Simulate -- --replay {_seed} --variant {name}\n    or: DUCK_SIM_SEED={_seed} DUCK_SIM_VARIANT={name} dotnet test tests/Core.Tests --filter ReplaysOneSeed"
            : $"Replay: rerun this scripted scenario with seed {_seed}";
        return new SimulationFailure($"seed {_seed}{(_settings.Name is { } n ? $" ({n})" : "")}: {what}\n{replay}\nLast events:\n{string.Join('\n', _trace)}");
    }

    /// <summary>The Goose a quiet period watches, its term, and when the period began.</summary>
    private sealed record QuietPeriod(SimulatedNode Goose, long Term, long Since);
}
