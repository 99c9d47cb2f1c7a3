using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// A deterministic simulation of a cluster (the FoundationDB / etcd-io/raft style): every node is a pure
/// <see cref="ElectionCore"/> with its own timing and lease; an event queue in simulated time delivers ticks and
/// messages over a network with random delay, loss, duplication, partitions and one-way cuts, while nodes crash,
/// restart on their durable state (possibly with other timing), stall, are removed and added (some with state of
/// their own), and the Goose is asked at random to hand over leadership (to a random node, or to none named).
/// After every event it checks that no term has two leaders, that no two nodes would answer Goose at the same
/// instant, that committed entries agree and were stored by a majority when committed, and that nothing was
/// thrown out of the core; after faults stop it checks that a Goose appears within a bound and, when asked, that
/// the settled Goose is not deposed during a quiet period. Everything derives from one seed.
/// </summary>
public sealed partial class SimulatedCluster
{
    private const long Ms = 1000;

    private readonly SimulationSettings _settings;
    private readonly Random _random;
    private readonly int _seed;
    private readonly List<SimulatedNode> _nodes = [];
    private readonly Dictionary<string, SimulatedNode> _byId = [];
    private readonly PriorityQueue<Action, (long Time, long Seq)> _events = new();
    private readonly HashSet<long> _transferIds = [];

    // Removals of a Goose asked of that Goose and not yet decided (one may wait behind another change).
    private readonly Dictionary<long, SimulatedNode> _undecidedSelfRemovals = [];
    private readonly bool _fullTrace;
    private readonly IElectionTimer _timer;
    private long _seq;
    private long _now;
    private long _commandIds;

    public SimulatedCluster(int seed, SimulationSettings settings, bool fullTrace = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _seed = seed;
        _settings = settings;
        _random = new Random(seed);
        _fullTrace = fullTrace;
        _timer = settings.UsesPriorities ? new Timers.PriorityElectionTimer() : new UniformTimer();
        _extraFaults = ExtraFaults();
    }

    public int Seed => _seed;

    public SimulationSettings Settings => _settings;

    /// <summary>
    /// True when the run ended with no Goose because none could be elected: no voter of priority above 0
    /// has a log at least as up to date as a majority of its own configuration's (see <see cref="SomeoneCanWin"/>).
    /// Only runs with priorities are excused this way.
    /// </summary>
    public bool NobodyCouldWin { get; private set; }

    public List<string> FullTrace { get; } = [];

    /// <summary>The node that would answer Goose now, if any (nodes still running a cluster of their own do not count).</summary>
    public SimulatedNode? Goose => _nodes.FirstOrDefault(n => n.Lineage == NodeLineage.Cluster && n.ReportsGooseAt(_now));

    public IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>Simulated millis since the start.</summary>
    public long NowMs => _now / Ms;

    /// <summary>Hand-overs requested of a node that believed it led, and their decisions by outcome.</summary>
    public int TransfersRequested { get; private set; }

    public Dictionary<MembershipOutcome, int> TransferOutcomes { get; } = [];

    /// <summary>The decided hand-overs, in order: who decided, and the result.</summary>
    public List<(string Node, CommandResult Result)> TransferResults { get; } = [];

    /// <summary>Every instant (ms) at which a node reported Goose, checked after each event: node id to first and last.</summary>
    public Dictionary<string, (double First, double Last)> GooseSpans { get; } = [];

    /// <summary>How often each notable fault or check happened (<see cref="SimulationEvents"/>).</summary>
    public Dictionary<string, int> Events { get; } = [];

    /// <summary>The last 60 lines of the trace, for a scripted scenario's assertion messages.</summary>
    public string RecentEvents => string.Join('\n', _trace);

    /// <summary>Runs the settings' shape; returns the simulated millis it took a Goose to appear after the faults.</summary>
    public long Run() => _settings.Shape switch
    {
        SimulationShape.HandOverStorm => RunHandOverStorm(),
        SimulationShape.LargeCluster => RunLargeCluster(),
        _ => RunChaos(),
    };

    /// <summary>Faults, then heal and wait for a Goose, then (when asked) the quiet period.</summary>
    private long RunChaos()
    {
        Boot();
        Schedule(50 * Ms, Chaos);
        Schedule(100 * Ms, JoinDriver);
        var faultsEnd = _settings.FaultMs * Ms;
        if (_settings.LateTimeoutNow && _settings.QuietMs > 0 && _random.Next(2) == 0)
        {
            ScheduleAt(faultsEnd - (TailCalmMs * Ms), () => StopFaults("other faults stop before the last hand-over: all nodes restart, links heal"));
            ScheduleAt(faultsEnd - (TailHandOverMs * Ms), () => LateTimeoutNowTail(faultsEnd));
        }

        RunUntil(faultsEnd);

        StopFaults("faults stop: all nodes restart, links heal");
        var healedAt = _now;
        if (!RunUntilGoose(_settings.SettleBoundMs))
        {
            // Liveness is owed only when some voter may stand and could collect a majority's votes (§5.4.1):
            // priority-0 voters never campaign, so they cannot bring a lagging electable voter up to date.
            if (_settings.UsesPriorities && !SomeoneCanWin())
            {
                NobodyCouldWin = true;
                Trace($"no Goose, and none can be elected: {Describe()}");
                return -1;
            }

            throw Fail($"no Goose within {_settings.SettleBoundMs} ms after faults stopped; states: {Describe()}");
        }

        var settled = (_now - healedAt) / Ms;
        if (_settings.QuietMs > 0)
        {
            RunQuietPeriod(healedAt);
        }

        return NobodyCouldWin ? -1 : settled;
    }

    /// <summary>A first Goose, then <see cref="HandOverDriver"/> for 3 s under 20% loss, then a Goose within the bound.</summary>
    private long RunHandOverStorm()
    {
        Boot();
        if (!RunUntilGoose(5_000))
        {
            throw Fail($"no first Goose within 5000 ms; states: {Describe()}");
        }

        HandOverDriver(lossRate: 0.2, untilMs: NowMs + 3_000);
        RunFor(3_000);
        var stormEnded = _now;
        if (!RunUntilGoose(_settings.SettleBoundMs))
        {
            throw Fail($"no Goose within {_settings.SettleBoundMs} ms after the hand-overs; states: {Describe()}");
        }

        return (_now - stormEnded) / Ms;
    }

    /// <summary>Creates and starts the nodes: the initial voters share a configuration, joiners start empty (or foreign).</summary>
    public void Boot()
    {
        // The founding configuration: the initial voters, then the initial non-voters (already members, not voting).
        var founders = _settings.InitialVoters + _settings.NonVoters;
        var members = Enumerable.Range(1, founders + _settings.Joiners)
            .Select(i => new Member($"n{i}", $"sim://n{i}", Priority: PriorityOf(i), Voter: i > _settings.InitialVoters && i <= founders ? false : null))
            .ToList();
        var initial = members.Take(founders).ToList();
        var founding = new Snapshot(1, 0, initial, _settings.VoterTarget);
        var isFounder = initial.Select(m => m.Id).ToHashSet();
        foreach (var member in members)
        {
            var drift = ((_random.NextDouble() * 2) - 1) * _settings.MaxClockDrift;
            var timing = _settings.MixedTiming ? NodeTiming.Profiles[_random.Next(NodeTiming.Profiles.Count)] : _settings.Timing;
            var node = new SimulatedNode(_nodes.Count, member, 1 + drift, timing);
            node.Durable = isFounder.Contains(member.Id)
                ? new DurableState(0, null, founding, []) { ClusterId = ClusterId }
                : DurableState.Empty;
            _nodes.Add(node);
            _byId.Add(node.Id, node);
            if (_settings.ForeignJoiners && !initial.Contains(member))
            {
                PlanForeignJoiner(node, initial);
            }
            else
            {
                Start(node);
            }
        }
    }

    /// <summary>Runs with no new faults until a node reports Goose; false if none does within <paramref name="boundMs"/>.</summary>
    public bool RunUntilGoose(long boundMs)
    {
        var bound = _now + (boundMs * Ms);
        while (_now < bound)
        {
            RunUntil(_now + Ms);
            if (Goose is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Advances simulated time, checking the invariants after every event.</summary>
    public void RunFor(long ms) => RunUntil(_now + (ms * Ms));

    /// <summary>Cuts <paramref name="ids"/> off from every other node.</summary>
    public void Isolate(params string[] ids)
    {
        _partition = [.. _nodes.Select(n => ids.Contains(n.Id) ? 1 : 0)];
        Trace($"isolate {string.Join(",", ids)}");
    }

    public void HealPartition()
    {
        _partition = null;
        Trace("partition heals");
    }

    /// <summary>Drops every message from <paramref name="fromId"/> to <paramref name="toId"/> for <paramref name="ms"/> ms; the other direction still delivers.</summary>
    public void CutLink(string fromId, string toId, long ms) => CutLink(Find(fromId), Find(toId), _now + (ms * Ms));

    /// <summary>A rolling change of settings: the node stops and starts again on its durable state with <paramref name="timing"/>.</summary>
    public void RestartWithTiming(string id, NodeTiming timing)
    {
        var node = Find(id);
        if (node.Alive)
        {
            Crash(node, $"{id} stops for new settings ({timing})");
        }

        node.Timing = timing;
        Count(SimulationEvents.TimingRestart);
        Start(node);
    }

    /// <summary>
    /// The node stops and starts again on <paramref name="state"/> instead of its own (a data directory from
    /// elsewhere). A state whose configuration names no other node of this cluster makes it a foreign node: a
    /// cluster of its own, outside the cluster's checks until the cluster makes it a member.
    /// </summary>
    public void RestartWithState(string id, DurableState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var node = Find(id);
        if (node.Alive)
        {
            Crash(node, $"{id} stops to be given another data directory");
        }

        SetState(node, state);
        Start(node);
    }

    /// <summary>Like POST /cluster/members at the Goose: ask a node that believes it leads to add <paramref name="id"/>.</summary>
    public void AddAtLeader(string id) => ProposeAtLeader(MembershipChange.Add, Find(id).Member);

    /// <summary>Like the admin API's step-down: ask a node that believes it leads to hand over (thesis §3.10).</summary>
    public void TransferAtLeader(string? targetId)
    {
        if (LeaderNode() is { } leader)
        {
            TransferAt(leader, targetId);
        }
    }

    /// <summary>
    /// Asks the Goose to hand over to <paramref name="targetId"/> while every TimeoutNow it sends the target is held
    /// back until <paramref name="deliverAtMs"/>, and the Goose-to-target link is cut from just before the hand-over
    /// gives up until <paramref name="cutUntilMs"/>, so the target lacks the abort's fencing no-op when the TimeoutNow
    /// arrives. False if no node believes it leads.
    /// </summary>
    public bool HandOverWithLateTimeoutNow(string targetId, long deliverAtMs, long cutUntilMs) =>
        LateHandOver(Find(targetId), _ => (deliverAtMs * Ms, cutUntilMs * Ms), untilQuiet: false);

    private void RunUntil(long until)
    {
        while (_events.TryPeek(out _, out var next) && next.Time <= until)
        {
            _events.TryDequeue(out var action, out var key);
            _now = key.Time;
            action!.Invoke();
            CheckInvariants();
        }

        _now = Math.Max(_now, until);
    }

    private void Schedule(long delayMicros, Action action) => ScheduleAt(_now + delayMicros, action);

    private void ScheduleAt(long time, Action action) => _events.Enqueue(action, (time, _seq++));

    /// <summary>A node that believes it leads the cluster (not a foreign node leading its own), picked at random.</summary>
    private SimulatedNode? LeaderNode()
    {
        var leaders = _nodes.Where(n => n.Alive && n.Lineage == NodeLineage.Cluster && n.Core!.Status.State == NodeState.Leader).ToList();
        return leaders.Count == 0 ? null : leaders[_random.Next(leaders.Count)];
    }

    private int? PriorityOf(int nodeNumber) =>
        _settings.Priorities is { } fixedPriorities ? fixedPriorities.ElementAtOrDefault(nodeNumber - 1)
        : _settings.RandomPriorities ? _random.Next(4)
        : null;

    private SimulatedNode Find(string id) => _byId[id];

    private void Count(string what) => Events[what] = Events.GetValueOrDefault(what) + 1;
}
