using System.Collections.Concurrent;
using System.Threading.Channels;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Metrics;
using DuckDuckGoose.Host.Storage;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// The single-threaded shell around the <see cref="ElectionCore"/> (an Orleans grain's turn model, the
/// origin's GenServer): one reader of an inbox takes ticks, peer messages and membership commands one
/// at a time, and carries out each step's <see cref="Ready"/> in the order it demands. Status reads are
/// lock-free on an immutable <see cref="NodeSnapshot"/> and decide the role from the monotonic clock.
/// </summary>
public sealed partial class NodeActor : IAsyncDisposable
{
    private readonly ElectionCore _core;
    private readonly LeaderLease _lease;
    private readonly ITransport _transport;
    private readonly IDurableStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeActor> _logger;
    private readonly NodeMetrics? _metrics;
    private readonly TimeSpan _tickInterval;
    private readonly CoreOptions _options;
    // A writer that finds the loop waiting runs the next step on its own thread (synchronous continuations):
    // a heartbeat read from a peer stream is taken, answered and written back on the thread that read it,
    // instead of waking another thread for each. Writers never hold locks the loop could need.
    private readonly Channel<Input> _inbox = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly CancellationTokenSource _stopping = new();

    // Owned by the loop: commands proposed to the core and not yet decided.
    private readonly Dictionary<long, TaskCompletionSource<CommandResult>> _commands = [];

    // Peer messages refused, by reason; written by the loop and the inbound handler, read by GET /cluster.
    private readonly ConcurrentDictionary<string, long> _refused = new();

    // Refusals already logged at Warning, by reason and sender, so a stray node does not flood the log.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Reason, string From), bool> _refusalsLogged = new();

    // Called on the loop, in order, when this node's lease is revoked, before that step's messages leave;
    // replaced whole on registration, so the loop reads it without a lock.
    private Action[] _leaseRevoked = [];

    private NodeSnapshot _snapshot;
    private NodeRole _recordedRole = NodeRole.Duck;

    // Monotonic arrival of the last heartbeat from the Goose this node followed (ElectionEvent.LastHeardFromGoose).
    private long? _gooseHeardAt;
    private long _gooseLeaseMs;
    private TaskCompletionSource _published = NewSignal();
    private long _nextCommandId;

    // The core's clock (owned by the loop): ticks count whole tick intervals of the monotonic clock since
    // Start, so a late wake-up counts every tick that really elapsed. The one-shot wake-up timer is armed
    // for the tick the core says is next due, and only re-armed when that tick changes.
    private ITimer? _wake;
    private long _clockStart;
    private long _ticksDone;
    private long _armedFor = long.MaxValue;
    private Task _loop = Task.CompletedTask;

    /// <summary>
    /// Creates the actor around a core built from <paramref name="state"/>; call <see cref="Start"/> to run it.
    /// With <paramref name="metrics"/>, it counts elections, Goose changes, round trips and failed sends there.
    /// </summary>
    public NodeActor(
        Member self,
        CoreOptions options,
        DurableState state,
        IElectionTimer timer,
        ITransport transport,
        IDurableStateStore store,
        TimeProvider time,
        ILogger<NodeActor> logger,
        Random? random = null,
        NodeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Self = self;
        _core = new ElectionCore(options, state, timer, random ?? new Random());
        _transport = transport;
        _store = store;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _tickInterval = options.TickInterval;
        _options = options;
        _gooseLeaseMs = state.GooseLeaseMs;
        _lease = new LeaderLease((long)(options.LeaseDuration.TotalSeconds * time.TimestampFrequency));
        _snapshot = new NodeSnapshot(_core.Status, _lease.ExpiresAt);
    }

    /// <summary>The node's recent role and state changes, with reasons.</summary>
    public ElectionEventLog Events { get; } = new();

    /// <summary>This node as its peers see it.</summary>
    public Member Self { get; }

    /// <summary>The last published snapshot (lock-free).</summary>
    public NodeSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Whether this node is the Goose right now (lease checked against the monotonic clock at this moment).</summary>
    public bool IsGoose => Snapshot.RoleAt(_time.GetTimestamp()) == NodeRole.Goose;

    /// <summary>Whether this node's configuration includes itself.</summary>
    public bool IsMember => Snapshot.Status.Members.Any(m => m.Id == Self.Id);

    /// <summary>Whether this node's configuration lists it with the addresses it has now (not an older peer address).</summary>
    public bool IsListedAsItIs => Snapshot.Status.Members.Any(m => m.AsVoter(true) == Self.AsVoter(true));

    /// <summary>Completes when the loop has ended; faulted when the node failed (for example, its disk).</summary>
    public Task Completion => _loop;

    /// <summary>The <c>GET /status</c> view, with the role computed now.</summary>
    public NodeStatus GetStatus()
    {
        var snapshot = Snapshot;
        var role = snapshot.RoleAt(_time.GetTimestamp());
        var status = snapshot.Status;

        // A Leader whose lease ran out does not name itself as the Goose either.
        var goose = status.State == NodeState.Leader ? (role == NodeRole.Goose ? Self : null) : status.Leader;
        var voters = status.Members.Where(m => m.IsVoter).ToList();
        return new NodeStatus(
            Self.Id,
            Self.Url,
            role,
            status.State,
            status.Term,
            goose,
            voters.Count,
            voters,
            ClusterId: status.ClusterId,
            Voter: status.Members.FirstOrDefault(m => m.Id == Self.Id)?.IsVoter ?? true,
            NonVoterCount: status.Members.Count - voters.Count);
    }

    /// <summary>Peer messages this node refused since it started, by reason (see <see cref="ClusterView.RefusedMessages"/>).</summary>
    public IReadOnlyDictionary<string, long> RefusedMessages => new SortedDictionary<string, long>(_refused, StringComparer.Ordinal);

    /// <summary>Counts a peer message refused before it reached the actor (for example a malformed one).</summary>
    public void CountRefused(string reason) => _refused.AddOrUpdate(reason, 1, static (_, n) => n + 1);

    /// <summary>
    /// Counts a peer message refused for who sent it (another cluster, outside the configuration, no valid
    /// tag), and logs the first refusal of each sender for each reason as a Warning, later ones at Debug.
    /// Safe from any thread: transports refuse on their own threads.
    /// </summary>
    public void Refuse(string message, string from, string reason, string detail)
    {
        CountRefused(reason);
        if (_refusalsLogged.Count < 1024 && _refusalsLogged.TryAdd((reason, from), true))
        {
            Log.Refused(_logger, message, from, reason, detail);
        }
        else
        {
            Log.RefusedAgain(_logger, message, from, reason);
        }
    }

    /// <summary>
    /// Registers <paramref name="callback"/> to run on the actor's loop each time this node's lease is
    /// revoked (the core left the Leader state, or started a hand-over), after the Duck status is published
    /// and before any message of that step leaves, such as a hand-over's TimeoutNow or a vote for another
    /// node. It must be quick and must not block: it holds up the loop.
    /// </summary>
    public void OnLeaseRevoked(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Action[] before, after;
        do
        {
            before = Volatile.Read(ref _leaseRevoked);
            after = [.. before, callback];
        }
        while (Interlocked.CompareExchange(ref _leaseRevoked, after, before) != before);
    }

    /// <summary>
    /// Starts the loop, and the core's clock on the injected <see cref="TimeProvider"/>: a one-shot wake-up
    /// comes when the core's next tick is due, not every tick interval. On the system clock it is a thread of
    /// the node's own (<see cref="WakeThread"/>), which runs the due step itself; otherwise (a fake clock in
    /// tests) a timer of the time provider.
    /// </summary>
    public void Start()
    {
        if (_wake is not null)
        {
            throw new InvalidOperationException("The node actor is already started.");
        }

        _clockStart = _time.GetTimestamp();
        _wake = ReferenceEquals(_time, TimeProvider.System)
            ? new WakeThread(static state => ((NodeActor)state!).WakeTick(), this, $"DDG wake {Self.Id}")
            : _time.CreateTimer(static state => ((NodeActor)state!).PostTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Armed before the loop runs, which owns the clock from then on.
        ArmWake();
        _loop = Task.Run(RunAsync);
        Log.Started(_logger, Self.Id, Self.Url, Snapshot.Status.Term, Snapshot.Status.Members.Count);
    }

    /// <summary>
    /// Takes a message from a peer and returns the reply once every durable change it caused is on disk
    /// (Raft §5.1 and thesis §3.8: a vote or an acknowledgement must not leave before it is durable).
    /// Null when the message needs no reply (a reply to one of this node's requests).
    /// </summary>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public Task<RaftMessage?> StepAsync(RaftMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Completed by the loop and continued on its thread: the answer is written without another thread hop.
        var reply = new TaskCompletionSource<RaftMessage?>();
        Post(new PeerInput(message, reply, _time.GetTimestamp()));
        return reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks the core to add or remove <paramref name="member"/>; completes when the core has decided.</summary>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public Task<CommandResult> ProposeAsync(MembershipChange change, Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var result = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new MembershipCommand(Interlocked.Increment(ref _nextCommandId), change, member);
        Post(new CommandInput(command.Id, command, result, _time.GetTimestamp()));
        return result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Asks the core to hand leadership to <paramref name="targetId"/> (or the most up-to-date voter when
    /// null; Raft thesis §3.10); completes when the core has decided: the new Goose is known, or the
    /// hand-over failed.
    /// </summary>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public Task<CommandResult> TransferAsync(string? targetId, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new TransferCommand(Interlocked.Increment(ref _nextCommandId), targetId);
        Post(new CommandInput(command.Id, command, result, _time.GetTimestamp()));
        return result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks the core to let <paramref name="memberId"/> leave for now (<see cref="LeaveCommand"/>); completes when the core has decided.</summary>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public Task<CommandResult> LeaveAsync(string memberId, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new LeaveCommand(Interlocked.Increment(ref _nextCommandId), memberId);
        Post(new CommandInput(command.Id, command, result, _time.GetTimestamp()));
        return result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks the core to keep <paramref name="voters"/> voters; completes when the new target is committed or refused.</summary>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public Task<CommandResult> SetVotersAsync(int voters, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new VotersCommand(Interlocked.Increment(ref _nextCommandId), voters);
        Post(new CommandInput(command.Id, command, result, _time.GetTimestamp()));
        return result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The <c>GET /cluster</c> view: the configuration plus a newcomer still catching up; from the Goose
    /// (core state Leader), how long ago each member was heard from and what it has stored. That progress is
    /// read by the loop between two inputs (<see cref="ElectionCore.MemberProgress"/>), not published after every step,
    /// so a Goose's step costs the same whatever the number of non-voters.
    /// </summary>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public async Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken)
    {
        var peers = new TaskCompletionSource<(NodeSnapshot Snapshot, IReadOnlyList<PeerProgress> Peers)>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new PeersInput(peers, _time.GetTimestamp()));
        var (snapshot, progressList) = await peers.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var status = snapshot.Status;
        var role = snapshot.RoleAt(_time.GetTimestamp());
        var goose = status.State == NodeState.Leader ? (role == NodeRole.Goose ? Self : null) : status.Leader;
        var leading = status.State == NodeState.Leader;
        var progress = progressList.ToDictionary(p => p.Id);
        long? HeardMs(PeerProgress? p) => p?.TicksSinceHeard is { } ticks ? (long)(ticks * _tickInterval.TotalMilliseconds) : null;

        var members = status.Members
            .Select(m => m.Id == Self.Id
                ? new ClusterMember(m.Id, m.Url, m.IsVoter, goose?.Id == m.Id, leading ? 0 : null, leading ? status.CommitIndex : null)
                : new ClusterMember(m.Id, m.Url, m.IsVoter, goose?.Id == m.Id, HeardMs(progress.GetValueOrDefault(m.Id)), progress.GetValueOrDefault(m.Id)?.MatchIndex))
            .ToList();
        var listed = members.Select(m => m.Id).ToHashSet();
        foreach (var learner in progressList.Where(p => !p.Voter && !listed.Contains(p.Id)))
        {
            members.Add(new ClusterMember(learner.Id, learner.Url, false, false, HeardMs(learner), learner.MatchIndex));
        }

        return new ClusterView(Self.Id, role, status.Term, goose, members, status.TransferTarget, status.ClusterId, RefusedMessages, status.Voters);
    }

    /// <summary>Completes once a published snapshot satisfies <paramref name="condition"/> (checked now and after each step).</summary>
    public async Task<NodeSnapshot> WaitForAsync(Func<NodeSnapshot, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var signal = Volatile.Read(ref _published);
            var snapshot = Snapshot;
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (_loop.IsCompleted && _wake is not null)
            {
                throw new NodeUnavailableException($"Node {Self.Id} stopped before the awaited state was reached.");
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes at the next published change a reader could see: state, term, Goose, members, lease, commit or
    /// match index, a peer heard from again or lost (not a step that only moved how many ticks ago the Goose
    /// heard each peer), or when the node fails. Read it before reading <see cref="Snapshot"/>, so a change in
    /// between is not missed. Costs the loop nothing more: it is the signal <see cref="WaitForAsync"/> waits on.
    /// </summary>
    public Task NextChange => Volatile.Read(ref _published).Task;

    /// <summary>Completes when this node reports Goose (dotNext's WaitForLeaderAsync, for .NET callers).</summary>
    public Task WaitForGooseAsync(CancellationToken cancellationToken) =>
        WaitForAsync(s => s.RoleAt(_time.GetTimestamp()) == NodeRole.Goose, cancellationToken);

    /// <summary>
    /// Stops the wake-up timer, drains the inputs already queued, then cancels sends still in flight. Commands
    /// not yet decided fail with <see cref="NodeUnavailableException"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_wake is { } wake)
        {
            await wake.DisposeAsync().ConfigureAwait(false);
        }

        _inbox.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The failure was logged by the loop and is visible through Completion.
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        Log.Stopped(_logger, Self.Id);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_wake is { } wake)
        {
            await wake.DisposeAsync().ConfigureAwait(false);
        }

        // The token source is cancelled but not disposed: sends still finishing may read its token.
        _inbox.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Runs the due step on the calling thread if the loop is waiting (see _inbox): the wake thread, which has
    // nothing else to do, calls it directly.
    private void WakeTick() => _inbox.Writer.TryWrite(new TickInput(_time.GetTimestamp()));

    // Through the thread pool: a step run on the timer thread would hold up every other timer.
    private void PostTick() => ThreadPool.UnsafeQueueUserWorkItem(static actor => actor.WakeTick(), this, preferLocal: false);

    private void Post(Input input)
    {
        if (!_inbox.Writer.TryWrite(input))
        {
            throw new NodeUnavailableException($"Node {Self.Id} is stopping and takes no more input.");
        }
    }
}
