using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// A deterministic simulation of a cluster (the FoundationDB / etcd-io/raft style): every node is a pure
/// <see cref="ElectionCore"/>; an event queue in simulated time delivers ticks and messages over a network
/// with random delay, loss, duplication and partitions, while nodes crash, restart on their durable state,
/// stall, are removed and added, and the Goose is asked at random to hand over leadership (to a random
/// node, or to none named). After every event it checks that no term has two leaders, that no
/// two nodes would answer Goose at the same instant, and that committed entries agree; after faults stop
/// it checks that a Goose appears within a bound. Everything derives from one seed.
/// </summary>
public sealed class SimulatedCluster
{
    private const long Ms = 1000;

    private readonly SimulationSettings _settings;
    private readonly Random _random;
    private readonly int _seed;
    private readonly List<SimulatedNode> _nodes = [];
    private readonly PriorityQueue<Action, (long Time, long Seq)> _events = new();
    private readonly Dictionary<long, string> _leaderOfTerm = [];
    private readonly Dictionary<long, long> _committedTerm = [];
    private readonly Queue<string> _trace = new();
    private readonly HashSet<long> _transferIds = [];
    private readonly bool _fullTrace;
    private readonly IElectionTimer _timer;
    private long _seq;
    private long _now;
    private double _lossRate;
    private bool _lateTimeoutNow;
    private int[]? _partition;
    private long _commandIds;

    public SimulatedCluster(int seed, SimulationSettings settings, bool fullTrace = false)
    {
        _seed = seed;
        _settings = settings;
        _random = new Random(seed);
        _fullTrace = fullTrace;
        _timer = settings.UsesPriorities ? new Timers.PriorityElectionTimer() : new UniformTimer();
    }

    /// <summary>
    /// True when the run ended with no Goose because none could be elected: no voter of priority above 0
    /// has a log at least as up to date as a majority's (see <see cref="SomeoneCanWin"/>). Only runs with
    /// priorities are excused this way.
    /// </summary>
    public bool NobodyCouldWin { get; private set; }

    public List<string> FullTrace { get; } = [];

    /// <summary>Runs faults, then heals and waits for a Goose; returns the simulated millis it took to settle.</summary>
    public long Run()
    {
        Boot();
        Schedule(50 * Ms, Chaos);
        Schedule(100 * Ms, JoinDriver);
        RunUntil(_settings.FaultMs * Ms);

        Heal();
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

        return (_now - healedAt) / Ms;
    }

    /// <summary>Creates and starts the nodes: the initial voters share a configuration, joiners start empty.</summary>
    public void Boot()
    {
        var members = Enumerable.Range(1, _settings.InitialVoters + _settings.Joiners)
            .Select(i => new Member($"n{i}", $"sim://n{i}", Priority: PriorityOf(i)))
            .ToList();
        var initial = members.Take(_settings.InitialVoters).ToList();
        foreach (var member in members)
        {
            var drift = ((_random.NextDouble() * 2) - 1) * _settings.MaxClockDrift;
            var node = new SimulatedNode(member, 1 + drift, LeaseLocalMicros);
            node.Durable = initial.Contains(member)
                ? new DurableState(0, null, new Snapshot(1, 0, initial), [])
                : DurableState.Empty;
            _nodes.Add(node);
            Start(node);
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

    /// <summary>The node that would answer Goose now, if any.</summary>
    public SimulatedNode? Goose => _nodes.FirstOrDefault(n => n.ReportsGooseAt(_now));

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

    private long LeaseLocalMicros => (long)(_settings.LeaseMs * Ms);

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

    private void Start(SimulatedNode node)
    {
        node.Incarnation++;
        node.Lease = new LeaderLease(LeaseLocalMicros);
        node.Core = new ElectionCore(_settings.CoreOptionsFor(node.Id), node.Durable, _timer, new Random(_random.Next()));
        Trace($"{node.Id} starts (term {node.Durable.Term}, members {Names(node.Core.Status.Members)})");
        ScheduleTick(node, node.Incarnation, firstTick: true);
    }

    private void ScheduleTick(SimulatedNode node, int incarnation, bool firstTick = false)
    {
        // A node ticks every TickMs of its own clock; the first tick comes at a random phase.
        var local = _settings.TickMs * Ms;
        var real = (long)(local / node.ClockRate);
        var delay = firstTick ? _random.NextInt64(1, real + 1) : real;
        ScheduleAt(_now + delay, () =>
        {
            if (!node.Alive || node.Incarnation != incarnation)
            {
                return;
            }

            if (_now < node.StalledUntil)
            {
                // A stalled actor misses its ticks (a periodic timer does not queue them up).
                ScheduleAt(node.StalledUntil, () => ScheduleTick(node, incarnation, firstTick: true));
                return;
            }

            Apply(node, node.Core!.Tick(), requester: null);
            ScheduleTick(node, incarnation);
        });
    }

    private void Deliver(SimulatedNode to, RaftMessage message)
    {
        if (!to.Alive)
        {
            return;
        }

        if (_now < to.StalledUntil)
        {
            // A stalled actor handles its inbox once it resumes, in order.
            ScheduleAt(to.StalledUntil, () => Deliver(to, message));
            return;
        }

        if (_fullTrace)
        {
            Trace($"{to.Id} <- {message}");
        }

        Apply(to, to.Core!.Step(message), requester: message.From);
    }

    /// <summary>Carries out a Ready in the host's order: persist, lease and status, then send.</summary>
    private void Apply(SimulatedNode node, Ready ready, string? requester)
    {
        if (ready.Persist is { } durable)
        {
            node.Durable = durable;
        }

        node.Lease.Apply(ready, node.LocalNow(_now));
        CheckLeader(node, ready.Status);
        if ((ready.Status.State, ready.Status.Term) != node.LastSeen)
        {
            node.LastSeen = (ready.Status.State, ready.Status.Term);
            Trace($"{node.Id} is {ready.Status.State} in term {ready.Status.Term}");
        }

        if (ready.Reply is { } reply && requester is not null)
        {
            Send(node, Find(requester), reply);
        }

        foreach (var envelope in ready.Messages)
        {
            Send(node, Find(envelope.To.Id), envelope.Message);
        }

        foreach (var transition in ready.Transitions)
        {
            Trace($"{node.Id} {transition.From} -> {transition.To} in term {transition.Term}: {transition.Reason}");

            // Nofailover: a node of priority 0 never starts a pre-vote, an election or a hand-over's election.
            if (transition.To == NodeState.Candidate && !node.Member.CanStand)
            {
                throw Fail($"{node.Id} has priority 0 but became a candidate: {transition.Reason}");
            }
        }

        foreach (var result in ready.Completed)
        {
            Trace($"{node.Id} decided command {result.CommandId}: {result.Outcome} ({result.Detail})");
            if (_transferIds.Remove(result.CommandId))
            {
                TransferOutcomes[result.Outcome] = TransferOutcomes.GetValueOrDefault(result.Outcome) + 1;
                TransferResults.Add((node.Id, result));
            }
        }
    }

    private void Send(SimulatedNode from, SimulatedNode to, RaftMessage message)
    {
        if (Cut(from, to) || _random.NextDouble() < _lossRate)
        {
            return;
        }

        // The old Goose is a voter too: it steps down on its target's transfer vote request. Losing half of
        // those requests in the hand-over runs lets a transfer election win without the old Goose hearing.
        if (_lateTimeoutNow && message is VoteRequest { Transfer: true } && _random.Next(2) == 0)
        {
            return;
        }

        var copies = _random.NextDouble() < _lossRate / 2 ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            ScheduleAt(_now + Delay(message), () =>
            {
                // A partition that starts while a message is in flight drops it too.
                if (!Cut(from, to))
                {
                    Deliver(to, message);
                }
            });
        }
    }

    private long Delay(RaftMessage message)
    {
        // A TimeoutNow that arrives after its hand-over was aborted (and after the no-op that fences it)
        // is the hand-over's hardest case; the hand-over runs make it common.
        if (_lateTimeoutNow && message is TimeoutNowRequest && _random.Next(2) == 0)
        {
            return _random.NextInt64(100 * Ms, 400 * Ms);
        }

        var slow = _lossRate > 0 && _random.NextDouble() < 0.05;
        return slow ? _random.NextInt64(20 * Ms, 200 * Ms) : _random.NextInt64(100, 5 * Ms);
    }

    private bool Cut(SimulatedNode a, SimulatedNode b) =>
        _partition is { } side && side[Index(a)] != side[Index(b)];

    private void Chaos()
    {
        if (_now >= _settings.FaultMs * Ms)
        {
            return;
        }

        if (_nodes.Where(n => !n.Alive).ToList() is { Count: > 0 } down && _random.Next(2) == 0)
        {
            Start(down[_random.Next(down.Count)]);
        }

        var node = _nodes[_random.Next(_nodes.Count)];
        switch (_random.Next(10))
        {
            case 0 or 1 or 2 when node.Alive:
                Trace($"{node.Id} crashes");
                node.Core = null;
                node.Lease.Revoke();
                break;
            case 3:
                _partition = [.. _nodes.Select(_ => _random.Next(2))];
                Trace($"partition {string.Join(' ', _nodes.Select((n, i) => $"{n.Id}:{_partition[i]}"))}");
                break;
            case 4:
                _partition = null;
                Trace("partition heals");
                break;
            case 5:
                node.StalledUntil = _now + _random.NextInt64(20 * Ms, 400 * Ms);
                Trace($"{node.Id} stalls until {node.StalledUntil / Ms} ms");
                break;
            case 6:
                _lossRate = _random.NextDouble() * 0.3;
                Trace($"loss rate {_lossRate:F2}");
                break;
            case 7:
                ProposeAtLeader(MembershipChange.Remove, _nodes[_random.Next(_nodes.Count)].Member);
                break;
            case 8 or 9:
                TransferAtLeader(_random.Next(3) == 0 ? null : _nodes[_random.Next(_nodes.Count)].Id);
                break;
        }

        Schedule(_random.NextInt64(50 * Ms, 400 * Ms), Chaos);
    }

    /// <summary>Like the host's join loop: keep asking a node that believes it leads to add every node it lacks.</summary>
    private void JoinDriver()
    {
        var missing = _nodes.FirstOrDefault(n => n.Alive && LeaderNode() is { } leader
            && !leader.Core!.Status.Members.Any(m => m.Id == n.Id));
        if (missing is not null)
        {
            ProposeAtLeader(MembershipChange.Add, missing.Member);
        }

        Schedule(100 * Ms, JoinDriver);
    }

    private void ProposeAtLeader(MembershipChange change, Member member)
    {
        if (LeaderNode() is not { } leader || _now < leader.StalledUntil)
        {
            return;
        }

        var id = ++_commandIds;
        Trace($"{leader.Id} asked to {change} {member.Id} (command {id})");
        Apply(leader, leader.Core!.Propose(new MembershipCommand(id, change, member)), requester: null);
    }

    /// <summary>Like the admin API's step-down: ask a node that believes it leads to hand over (thesis §3.10).</summary>
    public void TransferAtLeader(string? targetId)
    {
        if (LeaderNode() is not { } leader || _now < leader.StalledUntil)
        {
            return;
        }

        var id = ++_commandIds;
        _transferIds.Add(id);
        TransfersRequested++;
        Trace($"{leader.Id} asked to hand over to {targetId ?? "the most up-to-date voter"} (command {id})");
        Apply(leader, leader.Core!.TransferLeadership(new TransferCommand(id, targetId)), requester: null);
    }

    /// <summary>
    /// Every 20 to 200 ms either asks the Goose to hand over (random target or none) or stalls the Goose
    /// for 20 to 150 ms, under <paramref name="lossRate"/> message loss and duplication with occasional slow
    /// links; half of all TimeoutNow messages arrive 100 to 400 ms late (after their hand-over timed out)
    /// and half of all transfer vote requests are lost. Runs until <paramref name="untilMs"/>: the
    /// hand-over's own race between an old lease and a new Goose, without the other faults around it.
    /// </summary>
    public void HandOverDriver(double lossRate, long untilMs)
    {
        _lossRate = lossRate;
        _lateTimeoutNow = true;
        Trace($"loss rate {_lossRate:F2}, hand-overs until {untilMs} ms, half of all TimeoutNow 100-400 ms late");
        void Next()
        {
            if (_now >= untilMs * Ms)
            {
                _lossRate = 0;
                _lateTimeoutNow = false;
                return;
            }

            if (_random.Next(3) == 0 && Goose is { } goose)
            {
                // A Goose whose actor stalls keeps answering Goose on its lease alone, hearing nothing.
                goose.StalledUntil = _now + _random.NextInt64(20 * Ms, 150 * Ms);
                Trace($"{goose.Id} stalls until {goose.StalledUntil / Ms} ms");
            }
            else
            {
                TransferAtLeader(_random.Next(4) == 0 ? null : _nodes[_random.Next(_nodes.Count)].Id);
            }

            Schedule(_random.NextInt64(20 * Ms, 200 * Ms), Next);
        }

        Schedule(_random.NextInt64(20 * Ms, 200 * Ms), Next);
    }

    private SimulatedNode? LeaderNode()
    {
        var leaders = _nodes.Where(n => n.Alive && n.Core!.Status.State == NodeState.Leader).ToList();
        return leaders.Count == 0 ? null : leaders[_random.Next(leaders.Count)];
    }

    private void Heal()
    {
        Trace("faults stop: all nodes restart, links heal");
        _partition = null;
        _lossRate = 0;
        foreach (var node in _nodes)
        {
            node.StalledUntil = 0;
            if (!node.Alive)
            {
                Start(node);
            }
        }
    }

    private void CheckLeader(SimulatedNode node, CoreStatus status)
    {
        if (status.State != NodeState.Leader)
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

    private void CheckInvariants()
    {
        // No two nodes answer Goose at the same instant: a lease can only begin at an event, so checking
        // after every event finds any overlap at the moment the later lease begins.
        var geese = _nodes.Where(n => n.ReportsGooseAt(_now)).ToList();
        foreach (var goose in geese)
        {
            var at = _now / (double)Ms;
            GooseSpans[goose.Id] = GooseSpans.TryGetValue(goose.Id, out var span) ? (span.First, at) : (at, at);
        }

        if (geese.Count > 1)
        {
            throw Fail($"two Geese at {_now / Ms} ms: {string.Join(", ", geese.Select(g => g.Id))}; {Describe()}");
        }

        // Raft §5.4.3 State Machine Safety, on the committed prefixes the nodes keep.
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            var committed = node.Durable.Base;
            if (_committedTerm.TryGetValue(committed.Index, out var term) && term != committed.Term)
            {
                throw Fail($"{node.Id} committed index {committed.Index} at term {committed.Term}, another node at term {term}");
            }

            _committedTerm[committed.Index] = committed.Term;
        }
    }

    private int? PriorityOf(int nodeNumber) =>
        _settings.Priorities is { } fixedPriorities ? fixedPriorities.ElementAtOrDefault(nodeNumber - 1)
        : _settings.RandomPriorities ? _random.Next(4)
        : null;

    /// <summary>
    /// Whether an election can still succeed: in the configuration of the node with the most up-to-date
    /// log (the newest one any node holds), some voter of priority above 0 has a log at least as up to date
    /// (§5.4.1) as a majority of that configuration's voters, itself included, so it could win their votes.
    /// </summary>
    private bool SomeoneCanWin()
    {
        static (long Term, long Index) Last(DurableState state) =>
            state.Log.Count > 0 ? (state.Log[^1].Term, state.Log[^1].Index) : (state.Base.Term, state.Base.Index);

        var newest = _nodes.MaxBy(n => Last(n.Durable))!;
        var configuration = newest.Durable.Log.LastOrDefault(e => e.Members is not null)?.Members ?? newest.Durable.Base.Members;
        var voters = configuration.Select(m => Find(m.Id)).ToList();
        return configuration
            .Where(m => m.CanStand)
            .Select(m => Last(Find(m.Id).Durable))
            .Any(candidate => voters.Count(v => Last(v.Durable).CompareTo(candidate) <= 0) > voters.Count / 2);
    }

    private SimulatedNode Find(string id) => _nodes.First(n => n.Id == id);

    private int Index(SimulatedNode node) => _nodes.IndexOf(node);

    private string Describe() => string.Join("; ", _nodes.Select(n => n.Alive
        ? $"{n.Id} {n.Core!.Status.State} t{n.Core.Status.Term} leader={n.Core.Status.Leader?.Id ?? "-"} members={Names(n.Core.Status.Members)} goose={n.ReportsGooseAt(_now)}"
        : $"{n.Id} down"));

    private static string Names(IEnumerable<Member> members) => string.Join(",", members.Select(m => m.Id));

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

    private SimulationFailure Fail(string what) => new(
        $"seed {_seed}: {what}\nReplay: DUCK_SIM_SEED={_seed} dotnet test tests/Core.Tests --filter ReplaysOneSeed\nLast events:\n{string.Join('\n', _trace)}");
}
