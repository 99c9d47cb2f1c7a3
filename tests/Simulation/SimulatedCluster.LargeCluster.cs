using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// The large-cluster run (<see cref="SimulationShape.LargeCluster"/>): a few voters and many non-voters through
/// crashes, partitions, leaves, voter-target changes and the Autopilot churn they cause; then the checks that
/// Autopilot filled every seat and removed the members that are gone, and failovers whose news must reach every
/// live member within its first words' time (at most a keep-alive) and a round of its election.
/// </summary>
public sealed partial class SimulatedCluster
{
    private FailoverWatch? _failoverWatch;

    // Members that asked to leave and are about to stop: the join driver does not add them back meanwhile.
    private readonly HashSet<SimulatedNode> _leaving = [];

    /// <summary>Each watched election of a large-cluster run: the first Goose, then one per failover after the faults.</summary>
    public List<LargeClusterElection> Elections { get; } = [];

    /// <summary>Simulated millis from the heal until Autopilot had every seat taken by a live voter and every gone member removed; -1 before.</summary>
    public long AutopilotSettledMs { get; private set; } = -1;

    /// <summary>Simulated millis from the death of a voter, after the heal, until a live non-voter had its seat; -1 before.</summary>
    public long VoterReplacedMs { get; private set; } = -1;

    /// <summary>Simulated millis from the election of the Goose after the failovers until it had removed that dead member; -1 before.</summary>
    public long DeadVoterRemovedMs { get; private set; } = -1;

    /// <summary>The nodes crashed for good during the faults (each was removed from the configuration by the end).</summary>
    public IReadOnlyList<SimulatedNode> GoneNodes => [.. _nodes.Where(n => n.Gone)];

    private long RunLargeCluster()
    {
        Boot();
        if (!RunUntilGoose(_settings.SettleBoundMs))
        {
            throw Fail($"no first Goose within {_settings.SettleBoundMs} ms; states: {Describe()}");
        }

        WatchTheNews(killedAt: null);

        var faultsEnd = _now + (_settings.FaultMs * Ms);
        Schedule(50 * Ms, () => LargeChaos(faultsEnd));
        Schedule(100 * Ms, LargeJoinDriver);
        RunUntil(faultsEnd);

        StopFaults("faults stop: links heal, every node not gone for good runs again");
        var healedAt = _now;
        if (!RunUntilGoose(_settings.SettleBoundMs))
        {
            throw Fail($"no Goose within {_settings.SettleBoundMs} ms after faults stopped; states: {Describe()}");
        }

        var settled = (_now - healedAt) / Ms;
        AutopilotSettledMs = WaitForAutopilot(healedAt, "the heal");
        var diedAt = ReplaceADeadVoter();
        for (var round = 1; round <= _settings.Failovers; round++)
        {
            KillTheGoose(round);
        }

        // The dead voter, a non-voter now, is removed in its turn: a Goose counts how long a member has been unheard
        // from its own election at the earliest (it cannot know what its predecessor heard), so after the failovers
        // the bound runs from the last Goose's election.
        DeadVoterRemovedMs = WaitForAutopilot(Math.Max(diedAt, Goose!.LeaderSince), "the last Goose's election");
        return settled;
    }

    /// <summary>
    /// Runs from the Goose's election until its first words to non-voters (<see cref="CoreOptions.NonVoterFirstWord"/>
    /// for its configuration, on its clock; at most a keep-alive) plus a heartbeat round, a tick and a delivery have
    /// passed, and fails unless every member that was alive when it reported Goose names it by then: a new Goose writes
    /// to each non-voter in a slot of its own within that time, at the first round after the slot.
    /// </summary>
    private void WatchTheNews(long? killedAt)
    {
        var goose = Goose!;
        var status = goose.Core!.Status;
        var members = status.Members.Where(m => m.Id != goose.Id).Select(m => Find(m.Id)).Where(n => n.Alive).ToList();
        var watch = new FailoverWatch(goose, status.Term, goose.LeaderSince, members);
        var options = _settings.CoreOptionsFor(goose.Id, goose.Timing);
        var voterCount = status.Members.Count(m => m.IsVoter);
        var firstWord = (options.NonVoterFirstWord(voterCount, status.Members.Count - voterCount) + (options.TickInterval * (options.HeartbeatTicks + 1))).TotalMilliseconds * Ms;
        var bound = (long)(firstWord / goose.ClockRate) + (5 * Ms);
        var reportedAt = _now;
        _failoverWatch = watch;
        RunUntil(Math.Max(_now, watch.ElectedAt + bound));
        _failoverWatch = null;
        if (watch.Pending.Count > 0)
        {
            var example = Find(watch.Pending.First());
            var seen = example.Core?.Status is { } s ? $"{s.State} t{s.Term} leader={s.Leader?.Id ?? "-"}" : "down";
            throw Fail($"{watch.Pending.Count} of {members.Count} live members did not name the Goose {goose.Id} of term {status.Term} within {bound / Ms} ms of its election (its first words, a round, a tick and a delivery): {Names([.. watch.Pending])}; {example.Id} is {seen}; {Describe()}");
        }

        var election = new LargeClusterElection(
            goose.Id,
            status.Term,
            killedAt is { } killed ? (reportedAt - killed) / (double)Ms : null,
            (watch.LastNamedAt - watch.ElectedAt) / (double)Ms,
            watch.Learned,
            bound / (double)Ms);
        Elections.Add(election);
        Trace($"every live member names {goose.Id} (term {status.Term}) {election.AllNamedMs:F1} ms after its election ({watch.Learned} learned it after it reported Goose)");
    }

    /// <summary>Kills the settled Goose, waits for the next, watches the news reach every live member, and starts the old Goose again.</summary>
    private void KillTheGoose(int round)
    {
        var old = Goose ?? throw Fail($"failover {round}: no Goose to kill; {Describe()}");
        var killedAt = _now;
        Crash(old, $"failover {round}: the Goose {old.Id} is killed");
        if (!RunUntilGoose(_settings.SettleBoundMs))
        {
            throw Fail($"failover {round}: no new Goose within {_settings.SettleBoundMs} ms of killing {old.Id}; {Describe()}");
        }

        WatchTheNews(killedAt);

        // The old Goose comes back on its durable state (the checks after every event see that it never reports
        // Goose beside the new one), then names the new Goose like everyone else before the next round.
        Start(old);
        var bound = _now + (_settings.SettleBoundMs * Ms);
        while (old.Core!.Status is var s && (s.Leader?.Id != Goose?.Id || Goose is null))
        {
            if (_now >= bound)
            {
                throw Fail($"failover {round}: the old Goose {old.Id} did not follow the new Goose within {_settings.SettleBoundMs} ms of its restart; {Describe()}");
            }

            RunUntil(_now + (10 * Ms));
        }
    }

    /// <summary>
    /// After the heal, Autopilot must reach its target with live voters, and remove every member gone for good: a
    /// dead voter's seat goes to a non-voter after the stabilization time and it is demoted; a dead non-voter is
    /// removed once unheard for the dead-non-voter time. Bound: both times and the settle bound after
    /// <paramref name="since"/> (the heal, or the death of the last member to die). Returns the millis it took.
    /// </summary>
    private long WaitForAutopilot(long since, string what)
    {
        var options = _settings.CoreOptions;
        var bound = since + (long)((options.AutopilotStabilization + options.DeadNonVoterRemoval).TotalMilliseconds * Ms) + (_settings.SettleBoundMs * Ms);
        while (!AutopilotDone())
        {
            if (_now >= bound)
            {
                var goose = Goose?.Core!.Status;
                var voters = goose?.Members.Where(m => m.IsVoter).ToList() ?? [];
                throw Fail($"Autopilot: {(bound - since) / Ms} ms after {what} the Goose {Goose?.Id ?? "(none)"} has voters {Names(voters)} (target {goose?.Voters}) and {goose?.Members.Count(m => Find(m.Id).Gone)} members gone for good; {Describe()}");
            }

            RunUntil(_now + (10 * Ms));
        }

        var took = (_now - since) / Ms;
        Trace($"Autopilot settled {took} ms after {what}");
        return took;
    }

    private bool AutopilotDone() =>
        Goose?.Core?.Status is { } status && SeatsFilled(status) && !status.Members.Any(m => Find(m.Id).Gone);

    /// <summary>Every seat of the target (or every member, when fewer) taken by a live voter.</summary>
    private bool SeatsFilled(CoreStatus status)
    {
        var voters = 0;
        foreach (var member in status.Members.Where(m => m.IsVoter))
        {
            if (!Find(member.Id).Alive)
            {
                return false;
            }

            voters++;
        }

        return voters == Math.Min(status.Voters, status.Members.Count);
    }

    /// <summary>
    /// A voter other than the Goose dies for good once Autopilot has settled: a live non-voter must have its seat
    /// within the stabilization time and 2 s (issue 11's goal for a dead voter). Returns when it died.
    /// </summary>
    private long ReplaceADeadVoter()
    {
        var goose = Goose!;
        var voters = goose.Core!.Status.Members.Where(m => m.IsVoter && m.Id != goose.Id).ToList();
        var victim = Find(voters[_random.Next(voters.Count)].Id);
        Crash(victim, $"voter {victim.Id} dies for good; Autopilot must give its seat away");
        victim.Gone = true;
        var diedAt = _now;
        var stabilization = (long)(_settings.CoreOptions.AutopilotStabilization.TotalMilliseconds * Ms);
        var bound = diedAt + stabilization + (2_000 * Ms);
        while (Goose?.Core?.Status is not { } status || !SeatsFilled(status) || status.Members.Any(m => m.Id == victim.Id && m.IsVoter))
        {
            if (_now >= bound)
            {
                throw Fail($"the dead voter {victim.Id} still has its seat {(_now - diedAt) / Ms} ms after it died (stabilization {stabilization / Ms} ms + 2 s); {Describe()}");
            }

            RunUntil(_now + (10 * Ms));
        }

        VoterReplacedMs = (_now - diedAt) / Ms;
        Trace($"{victim.Id}'s seat was given away {VoterReplacedMs} ms after it died");
        return diedAt;
    }

    /// <summary>
    /// The large cluster's faults, every 50 to 400 ms: crashes of the Goose, of a voter (some outlast Autopilot's
    /// stabilization) and of racks of non-voters, nodes gone for good, partitions (random halves, or the Goose alone),
    /// stalls, loss, members leaving on purpose, changes of the voter target and hand-overs. Half the time a few of the
    /// nodes that are down start again first.
    /// </summary>
    private void LargeChaos(long faultsEnd)
    {
        if (!_faulting || _now >= faultsEnd)
        {
            return;
        }

        foreach (var node in _nodes)
        {
            if (!node.Alive && !node.Gone && !node.Held && node.DownUntil <= _now)
            {
                Start(node);
            }
        }

        var configuration = LeaderNode() is { } leader ? leader.Core!.Status.Members : Configuration(_nodes.First(n => n.Alive).Durable);
        var voters = configuration.Where(m => m.IsVoter).Select(m => Find(m.Id)).ToList();
        var nonVoters = configuration.Where(m => !m.IsVoter).Select(m => Find(m.Id)).ToList();

        // At most two voters down at once, so that a quorum of five can form whenever the links allow.
        var voterMayCrash = voters.Count(n => !n.Alive) < 2;
        switch (_random.Next(11))
        {
            case 0 when voterMayCrash && Goose is { } goose:
                CrashFor(goose, $"the Goose {goose.Id} crashes", VoterOutage());
                break;
            case 1 when voterMayCrash && voters.Where(n => n.Alive).ToList() is { Count: > 0 } live:
                var voter = live[_random.Next(live.Count)];
                CrashFor(voter, $"voter {voter.Id} crashes", VoterOutage());
                break;
            case 2 when nonVoters.Count > 0:
                var rack = _random.Next(1, 51);
                var outage = _random.NextInt64(200 * Ms, 3_000 * Ms);
                for (var i = 0; i < rack; i++)
                {
                    var node = nonVoters[_random.Next(nonVoters.Count)];
                    if (node.Alive)
                    {
                        CrashFor(node, $"non-voter {node.Id} crashes", outage);
                    }
                }

                Count(SimulationEvents.RackCrash);
                break;
            case 3 when _nodes.Count(n => n.Gone) < _nodes.Count / 50:
                var gone = _nodes[_random.Next(_nodes.Count)];
                Crash(gone, $"{gone.Id} is gone for good");
                gone.Gone = true;
                break;
            case 4:
                if (_random.Next(3) == 0 && Goose is { } alone)
                {
                    _partition = [.. _nodes.Select(n => n == alone ? 1 : 0)];
                    Trace($"partition: the Goose {alone.Id} alone");
                }
                else
                {
                    _partition = [.. _nodes.Select(_ => _random.Next(2))];
                    Trace($"partition: voters {string.Join(' ', voters.Select(n => $"{n.Id}:{_partition[n.Index]}"))}, the others split at random");
                }

                break;
            case 5:
                _partition = null;
                Trace("partition heals");
                break;
            case 6 when voters.Count > 0:
                var stalled = voters[_random.Next(voters.Count)];
                stalled.StalledUntil = _now + _random.NextInt64(20 * Ms, 400 * Ms);
                Trace($"{stalled.Id} stalls until {stalled.StalledUntil / Ms} ms");
                break;
            case 7:
                _lossRate = _random.Next(2) == 0 ? 0 : _random.NextDouble() * 0.3;
                Trace($"loss rate {_lossRate:F2}");
                break;
            case 8:
                var leaving = _random.Next(2) == 0 && voters.Count > 0 ? voters[_random.Next(voters.Count)] : Find(configuration[_random.Next(configuration.Count)].Id);
                LeaveAtLeader(leaving.Id);
                break;
            case 9:
                SetVotersAtLeader(_random.Next(2) == 0 ? 3 : 5);
                break;
            case 10 when voters.Count > 0:
                TransferAtLeader(voters[_random.Next(voters.Count)].Id);
                break;
        }

        Schedule(_random.NextInt64(50 * Ms, 400 * Ms), () => LargeChaos(faultsEnd));
    }

    /// <summary>A crashed voter is back within 0.2 to 2 s, or a third of the time stays down 4 to 8 s, past Autopilot's stabilization.</summary>
    private long VoterOutage() => _random.Next(3) == 0
        ? _random.NextInt64(4_000 * Ms, 8_000 * Ms)
        : _random.NextInt64(200 * Ms, 2_000 * Ms);

    private void CrashFor(SimulatedNode node, string reason, long outage)
    {
        Crash(node, $"{reason} (down for {outage / Ms} ms)");
        node.DownUntil = _now + outage;
    }

    /// <summary>Like the host's join loop for every node that is up: ask the Goose to add one node it lacks every 100 ms.</summary>
    private void LargeJoinDriver()
    {
        if (LeaderNode() is { } leader)
        {
            var members = leader.Core!.Status.Members.Select(m => m.Id).ToHashSet();
            var missing = _nodes.Where(n => n.Alive && !members.Contains(n.Id) && !_leaving.Contains(n)).ToList();
            if (missing.Count > 0)
            {
                ProposeAtLeader(MembershipChange.Add, missing[_random.Next(missing.Count)].Member);
            }
        }

        Schedule(100 * Ms, LargeJoinDriver);
    }

    /// <summary>
    /// A member stops on purpose, as the host's graceful leave does: it asks the Goose to let it go (a voter's seat
    /// goes to a non-voter, a non-voter is removed), then stops 100 to 600 ms later; a third never come back.
    /// </summary>
    private void LeaveAtLeader(string memberId)
    {
        if (LeaderNode() is not { } leader || leader.Id == memberId || _now < leader.StalledUntil || !CaughtUpForCommand(leader))
        {
            return;
        }

        var id = ++_commandIds;
        Trace($"{memberId} asks {leader.Id} to leave (command {id})");
        Count(SimulationEvents.Leave);
        Apply(leader, Call(leader, core => core.Leave(new LeaveCommand(id, memberId)), $"Leave({memberId})"), requester: null);
        ArmWake(leader);
        var node = Find(memberId);
        _leaving.Add(node);
        Schedule(_random.NextInt64(100 * Ms, 600 * Ms), () =>
        {
            _leaving.Remove(node);
            if (node.Alive && _faulting)
            {
                CrashFor(node, $"{node.Id} stops after asking to leave", _random.NextInt64(1_000 * Ms, 10_000 * Ms));
                node.Gone = _random.Next(3) == 0 && _nodes.Count(n => n.Gone) < _nodes.Count / 50;
            }
        });
    }

    /// <summary>Like PUT /cluster/voters at the Goose.</summary>
    private void SetVotersAtLeader(int voters)
    {
        if (LeaderNode() is not { } leader || _now < leader.StalledUntil || !CaughtUpForCommand(leader))
        {
            return;
        }

        var id = ++_commandIds;
        Trace($"{leader.Id} asked to keep {voters} voters (command {id})");
        Count(SimulationEvents.VoterTargetChange);
        Apply(leader, Call(leader, core => core.SetVoters(new VotersCommand(id, voters)), $"SetVoters({voters})"), requester: null);
        ArmWake(leader);
    }
}
