using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// Raft leader election and membership as a pure state machine (the shape of etcd-io/raft): four ways
/// in (<see cref="Tick()"/>, <see cref="Step"/>, <see cref="Propose"/>, <see cref="TransferLeadership"/>), each returning a <see cref="Ready"/>
/// that says what the caller must persist and send. No I/O, no clock, no threads: one caller at a time.
/// </summary>
public sealed partial class ElectionCore
{
    private readonly CoreOptions _options;
    private readonly IElectionTimer _timer;
    private readonly Random _random;
    private readonly RaftLog _log;

    private long _term;
    private string? _votedFor;
    private NodeState _state = NodeState.Follower;
    private string? _leaderId;
    private long _commitIndex;
    private long _tickCount;

    // Follower and candidate: ticks since the election timer was reset, and the current randomized timeout.
    private int _electionElapsed;
    private int _electionTimeout;
    private int _failedElections;

    // Ticks since this node last heard from a Goose of its term. It starts at zero, as if a Goose had just
    // been heard: a node that acknowledged a Goose's heartbeat and then restarted quickly still owes that
    // Goose its promise, so every node refuses votes at first for as long as the last Goose it acknowledged
    // may hold its lease, and at least one minimum election timeout (§6.4.1 lease; see _gooseLeaseMs). A node
    // in term 0 has heard no Goose yet and starts past any promise (see the constructor).
    private int _ticksSinceLeaderContact;

    // The lease the last Goose this node acknowledged announced (AppendRequest.LeaseMs), kept durable, and
    // the ticks this node refuses votes after hearing a Goose, derived from it and its own settings.
    private long _gooseLeaseMs;
    private int _voteRefusalTicks;

    private readonly Ready.Builder _ready = new();

    /// <summary>Creates a core from durable state loaded at start.</summary>
    public ElectionCore(CoreOptions options, DurableState state, IElectionTimer timer, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        if (options.HeartbeatTicks < 1 || options.ElectionTimeoutTicks <= options.HeartbeatTicks)
        {
            throw new ArgumentException(
                $"Need 1 <= heartbeat ticks ({options.HeartbeatTicks}) < election timeout ticks ({options.ElectionTimeoutTicks}).",
                nameof(options));
        }

        _options = options;
        _timer = timer;
        _random = random;
        _term = state.Term;
        _votedFor = state.VotedFor;
        _clusterId = state.ClusterId;
        _gooseLeaseMs = state.GooseLeaseMs;
        _voteRefusalTicks = options.VoteRefusalTicks(_gooseLeaseMs);
        _log = new RaftLog(state.Base, state.Log);
        _commitIndex = state.Base.Index;

        // A node still in term 0 never acknowledged any Goose (a Goose's term is at least 1, and an
        // acknowledgement leaves only after the term it carries is on disk), so it owes no lease.
        _ticksSinceLeaderContact = state.Term == 0 ? int.MaxValue : 0;
        ResetElectionTimer();
    }

    /// <summary>The state after the last step.</summary>
    public CoreStatus Status => new(
        _options.SelfId,
        _state,
        _term,
        _leaderId is null ? null : FindMember(_leaderId),
        _log.Configuration,
        _commitIndex,
        _state == NodeState.Leader ? _transfer?.Target.Id : null,
        _clusterId,
        _log.VoterTarget);

    /// <summary>
    /// On a Leader, one entry per other member (voters and non-voters) and per catching-up learner: how long ago it
    /// was heard and what it has stored; empty otherwise. Built when asked, in O(members): the host asks for
    /// <c>GET /cluster</c>, not on every step, so a Goose's step does not grow with the non-voters it keeps.
    /// </summary>
    public IReadOnlyList<PeerProgress> MemberProgress => _state == NodeState.Leader ? PeerProgressList() : [];

    /// <summary>The durable state as it stands (what the last <see cref="Ready.Persist"/> carried, or the initial state).</summary>
    public DurableState DurableState => new(_term, _votedFor, _log.Base, [.. _log.Entries])
    {
        ClusterId = _clusterId,
        GooseLeaseMs = _gooseLeaseMs,
    };

    /// <summary>Every member in force, voters and non-voters (the latest configuration in the log, thesis §4.1).</summary>
    private IReadOnlyList<Member> Configuration => _log.Configuration;

    /// <summary>The voting members in force: only they vote, stand and count for a quorum (etcd's learners do neither).</summary>
    private IReadOnlyList<Member> Voters
    {
        get
        {
            Index();
            return _voters;
        }
    }

    // Derived from the configuration in force and rebuilt when it changes: a cluster may hold a thousand
    // members, and every step looks members up.
    private IReadOnlyList<Member>? _indexed;
    private IReadOnlyList<Member> _voters = [];
    private Dictionary<string, Member> _byId = [];

    private void Index()
    {
        var configuration = Configuration;
        if (!ReferenceEquals(configuration, _indexed))
        {
            _voters = [.. configuration.Where(m => m.IsVoter)];
            _byId = new Dictionary<string, Member>(configuration.Count);
            foreach (var member in configuration)
            {
                _byId.TryAdd(member.Id, member);
            }

            _indexed = configuration;
        }
    }

    private bool IsVoter => FindMember(_options.SelfId) is { IsVoter: true };

    /// <summary>
    /// Whether this node may start an election or take a hand-over: a voter whose own entry in the
    /// configuration has a priority above 0. A priority-0 voter (Patroni's nofailover) still votes and
    /// counts for quorum; it just never stands, whatever its timer says.
    /// </summary>
    private bool CanStand => FindMember(_options.SelfId) is { CanStand: true };

    /// <summary>
    /// Whether this node's election timer runs: it can stand in its latest configuration, or that configuration
    /// is not committed yet and the committed one lets it stand. Thesis §4.2.2: a server not part of its latest
    /// configuration still starts elections, as it may be needed until that configuration commits; it does not
    /// count its own vote (<see cref="CountOwnVote"/>). Without this, a Goose that proposed its own removal,
    /// lost the entry on its way out and stepped down by check-quorum would never stand again, and would refuse
    /// every other voter, whose logs lack that entry (Raft §5.4.1): no Goose until an operator acted. Once the
    /// change commits, the committed configuration decides; a change that only lowers its priority counts the same.
    /// </summary>
    private bool MayCampaign =>
        CanStand
        || (_log.ConfigurationIndex > _commitIndex
            && _log.ConfigurationAt(_commitIndex).FirstOrDefault(m => m.Id == _options.SelfId) is { CanStand: true });

    /// <summary>A candidate's own vote counts only while it is a voter of its latest configuration (thesis §4.2.2).</summary>
    private void CountOwnVote()
    {
        if (IsVoter)
        {
            _votes.Add(_options.SelfId);
        }
    }

    private int Quorum => (Voters.Count / 2) + 1;

    /// <summary>Whether this node is the only voter in force: its own vote is a majority (Raft §5.2).</summary>
    private bool SoleVoter => Voters is [var only] && only.Id == _options.SelfId;

    /// <summary>Whether a Goose has anyone to write to: another member, or a node catching up to join.</summary>
    private bool HasFollowers => _learner is not null || Configuration.Count > (FindMember(_options.SelfId) is null ? 0 : 1);

    /// <summary>The other voters: whom a candidate asks for votes and the Goose heartbeats every round.</summary>
    private IEnumerable<Member> Peers => Voters.Where(m => m.Id != _options.SelfId);

    /// <summary>Every other member, voter or not: whom the Goose keeps up to date.</summary>
    private IEnumerable<Member> Followers => Configuration.Where(m => m.Id != _options.SelfId);

    /// <summary>Advances time by one tick.</summary>
    public Ready Tick() => Tick(1);

    /// <summary>
    /// Advances time by <paramref name="ticks"/> ticks in one step: the same as that many calls of
    /// <see cref="Tick()"/>, with their effects in one <see cref="Ready"/>. A caller that sleeps until
    /// <see cref="TicksUntilDue"/> passes the ticks that really elapsed, at most that many at a time, so
    /// the effects of one due event are never merged with the next one's.
    /// </summary>
    public Ready Tick(int ticks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticks);
        while (ticks > 0)
        {
            // Ticks before the next due one move only counters (TicksUntilDue): counted at once, so a node
            // that slept long (a sole voter wakes only for input) catches up in one step, not tick by tick.
            var quiet = Math.Min(ticks, TicksUntilDue) - 1;
            if (quiet > 0)
            {
                CountQuietTicks(quiet);
                ticks -= quiet;
            }

            TickOnce();
            ticks--;
        }

        return Finish();
    }

    /// <summary>
    /// What <paramref name="ticks"/> calls of <see cref="TickOnce"/> do when none of them is due: each
    /// counter moves as it would have, and nothing else does.
    /// </summary>
    private void CountQuietTicks(int ticks)
    {
        _tickCount += ticks;
        _ticksSinceLeaderContact = (int)Math.Min(int.MaxValue, (long)_ticksSinceLeaderContact + ticks);
        if (_state == NodeState.Leader)
        {
            CountLeaderTicks(ticks);
        }
        else if (MayCampaign)
        {
            _electionElapsed += ticks;
        }
    }

    private void TickOnce()
    {
        _tickCount++;
        if (_ticksSinceLeaderContact < int.MaxValue)
        {
            _ticksSinceLeaderContact++;
        }

        if (_state == NodeState.Leader)
        {
            TickLeader();
            ExpireWaiting();
        }
        else
        {
            // A Goose not heard from for as long as its lease can last (a non-voter: a few keep-alives) may be
            // gone: stop naming it (in /status, and as where admin calls go). A node that can stand forgets it
            // anyway when it campaigns; one that never campaigns (priority 0, a non-voter, a removed node)
            // must forget here.
            if (_leaderId is not null && _ticksSinceLeaderContact >= GooseMemoryTicks)
            {
                _leaderId = null;
            }

            TickElection();
        }

        TickTransfer();
        TickTransferProbe();
    }

    /// <summary>Takes one message from a peer: a request (the reply is in <see cref="Ready.Reply"/>) or a reply to one of ours.</summary>
    public Ready Step(RaftMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From == _options.SelfId)
        {
            return Finish();
        }

        // Before any rule, and so before a term can change: a message from another cluster, or a request
        // from a sender this node does not know, is refused and changes nothing.
        if (Refusal(message) is { } refusal)
        {
            _ready.Refused = refusal;
            return Finish();
        }

        try
        {
            if (ApplyTermRules(message))
            {
                switch (message)
                {
                    case VoteRequest request:
                        HandleVoteRequest(request);
                        break;
                    case VoteResponse response:
                        HandleVoteResponse(response);
                        break;
                    case AppendRequest request:
                        HandleAppendRequest(request);
                        break;
                    case AppendResponse response:
                        HandleAppendResponse(response);
                        break;
                    case TimeoutNowRequest request:
                        HandleTimeoutNow(request);
                        break;
                    case TimeoutNowResponse response:
                        HandleTimeoutNowResponse(response);
                        break;
                }
            }
        }
        catch
        {
            // A bug met a message it did not expect: nothing this step decided may leave the node. The
            // caller refuses the message and carries on (a node must survive any message).
            _ready.DiscardSends();
            throw;
        }

        return Finish();
    }

    /// <summary>
    /// The rules every role applies first (Raft §5.1): a higher term makes this node a follower of that
    /// term, and a request from a stale term is refused with the current term so its sender catches up.
    /// Returns false when the message needs no further handling.
    /// </summary>
    private bool ApplyTermRules(RaftMessage message)
    {
        if (message.Term > _term)
        {
            switch (message)
            {
                // Thesis §4.2.3 and §9.6: while a live Goose is heard, a vote request with a higher term is
                // ignored, not obeyed, so a disconnected or removed node cannot depose it; unless the Goose
                // itself asked for this election by handing over leadership (§3.10, Transfer).
                case VoteRequest request when InLease() && !MayDisregardLease(request):
                    _ready.Reply = new VoteResponse(_options.SelfId, _term, false, request.PreVote);
                    return false;

                // Pre-vote (thesis §9.6): a pre-vote changes nothing on the receiver, and a granted pre-vote
                // reply carries the proposed term, not a real one.
                case VoteRequest { PreVote: true }:
                case VoteResponse { PreVote: true, Granted: true }:
                    return true;

                case AppendRequest request:
                    BecomeFollower(message.Term, request.From, SawTermReason(message));
                    return true;

                default:
                    BecomeFollower(message.Term, leaderId: null, SawTermReason(message));
                    return true;
            }
        }

        if (message.Term < _term)
        {
            switch (message)
            {
                case VoteRequest request:
                    _ready.Reply = new VoteResponse(_options.SelfId, _term, false, request.PreVote);
                    break;

                // etcd-io/raft does the same: replying with the newer term lets a stale Goose, or a node whose
                // term ran ahead during a partition, catch up instead of being ignored forever.
                case AppendRequest request:
                    _ready.Reply = new AppendResponse(_options.SelfId, _term, request.Round, false, _log.LastIndex);
                    break;

                case TimeoutNowRequest request:
                    _ready.Reply = new TimeoutNowResponse(
                        _options.SelfId,
                        _term,
                        false,
                        $"{_options.SelfId} is in term {_term}, past the hand-over's term {request.Term}");
                    break;
            }

            // Replies from an older term answer questions this node no longer asks.
            return false;
        }

        return true;
    }

    private void BecomeFollower(long term, string? leaderId, string reason)
    {
        if (term > _term)
        {
            _term = term;
            _votedFor = null;
            _ready.Dirty = true;
        }

        if (_state == NodeState.Leader)
        {
            AbandonLeadership();
        }

        ChangeState(NodeState.Follower, reason);
        _leaderId = leaderId;
        _votes.Clear();
        ResetElectionTimer();
    }

    /// <summary>Sets the state and notes the change, with its reason, for the node's event log.</summary>
    private void ChangeState(NodeState to, string reason)
    {
        if (_state != to)
        {
            NoteTransition(to, reason);
        }

        _state = to;
    }

    private void NoteTransition(NodeState to, string reason) =>
        _ready.Transitions.Add(new StateTransition(_state, to, _term, reason));

    private void ResetElectionTimer()
    {
        _electionElapsed = 0;
        var timeout = _timer.NextTimeout(_options.ElectionTimeout, History(), _random);
        var ticks = (int)Math.Ceiling(timeout / _options.TickInterval);
        _electionTimeout = Math.Max(ticks, _options.ElectionTimeoutTicks);
    }

    /// <summary>What the timer may know: failed elections, and this node's priority against the highest among the voters.</summary>
    private ElectionHistory History()
    {
        var priority = FindMember(_options.SelfId)?.ElectionPriority ?? Member.DefaultPriority;
        var max = Voters.Select(m => m.ElectionPriority).DefaultIfEmpty(priority).Max();
        return new ElectionHistory(_failedElections, priority, Math.Max(priority, max));
    }

    private Member? FindMember(string id)
    {
        Index();
        return _byId.GetValueOrDefault(id);
    }

    private void Send(Member to, RaftMessage message) => _ready.Messages.Add(new Envelope(to, message));

    private Ready Finish()
    {
        // Last, so that a change waiting behind one this step completed starts in the same step.
        DecideWaiting();
        return _ready.Build(_ready.Dirty ? DurableState : null, Status, _clusterId, SoleVoter);
    }
}
