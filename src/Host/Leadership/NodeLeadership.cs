using System.Threading.Channels;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Leadership;

/// <summary>
/// <see cref="INodeLeadership"/> built outside the node actor, on its published snapshots: a watcher
/// task wakes on each snapshot that changes the state, term, Goose or lease, and on the lease timer, and
/// turns them into tenures and events. Nothing here runs on the actor's loop, and nothing the actor does
/// waits for it.
/// </summary>
/// <remarks>
/// The lease token of a tenure belongs to a <see cref="CancellationTokenSource"/> created on the injected
/// <see cref="TimeProvider"/>; each time the lease is extended its <c>CancelAfter</c> is moved to the new
/// expiry (rounded up to a whole millisecond, as system timers count milliseconds). So the token fires at
/// the expiry by itself, however stalled the actor is, within the timer's resolution after it; the lease
/// ends two ticks and a tenth of the election timeout before any other node can be elected (Raft thesis
/// §6.4.1), which absorbs that resolution. When the core leaves the Leader state or starts a hand-over, the
/// actor revokes the lease and calls <see cref="RevokeNow"/> on its loop before that step's messages leave
/// (a TimeoutNow, a vote for another node): the token is then already cancelled when the next Goose can be
/// elected. Cancellation callbacks run on the timer's thread or the thread pool, never on the actor's loop;
/// like any <c>CancelAfter</c>, they must not throw.
/// </remarks>
public sealed partial class NodeLeadership : INodeLeadership, IHostedService, IAsyncDisposable
{
    private readonly NodeActor _node;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeLeadership> _logger;
    private readonly Channel<RoleChangedEventArgs> _events =
        Channel.CreateUnbounded<RoleChangedEventArgs>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource _stopping = new();

    // Taken by the watcher to begin a tenure and by the actor's loop to revoke one, so a tenure is never
    // begun on a snapshot the actor has already revoked.
    private readonly Lock _gate = new();
    private State _state = new(null, NewNext());
    private NodeSnapshot? _observed;
    private TaskCompletionSource _observedSignal = NewSignal();
    private long _spentLeaseExpiry = long.MinValue;
    private Task _watching = Task.CompletedTask;
    private Task _raising = Task.CompletedTask;

    /// <summary>Creates the service over <paramref name="node"/>; <see cref="StartAsync"/> starts watching it.</summary>
    public NodeLeadership(NodeActor node, TimeProvider time, ILogger<NodeLeadership> logger)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _node = node;
        _time = time;
        _logger = logger;
        node.OnLeaseRevoked(RevokeNow);
    }

    /// <inheritdoc />
    public event EventHandler<RoleChangedEventArgs>? RoleChanged;

    /// <inheritdoc />
    public Member Self => _node.Self;

    /// <inheritdoc />
    public NodeRole Role => _node.Snapshot.RoleAt(_time.GetTimestamp());

    /// <inheritdoc />
    public long Term => _node.Snapshot.Status.Term;

    /// <inheritdoc />
    public Member? Goose => _node.GetStatus().Goose;

    /// <inheritdoc />
    public Task<GooseLease> WhenGooseAsync(CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        return state.Tenure is { Lease.Token.IsCancellationRequested: false } tenure
            ? Task.FromResult(tenure.Lease)
            : state.Next.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_watching.IsCompleted)
        {
            throw new InvalidOperationException("The leadership watcher is already running.");
        }

        _raising = Task.Run(RaiseEventsAsync, CancellationToken.None);
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops watching: the current tenure's token is cancelled and waiting callers fail with <see cref="NodeUnavailableException"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _raising.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // _stopping is not disposed: the container disposes this instance twice (as itself and as a hosted
        // service), and a cancelled source without a timer holds nothing.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
    }

    /// <summary>Completes once the watcher has handled a snapshot that satisfies <paramref name="condition"/> (for tests).</summary>
    internal async Task WaitObservedAsync(Func<NodeSnapshot, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _observedSignal);
            if (Volatile.Read(ref _observed) is { } observed && condition(observed))
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource<GooseLease> NewNext() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // What the watcher wakes for; a tick that only moves the commit index or nothing at all is ignored.
    private static bool Differs(NodeSnapshot a, NodeSnapshot b) =>
        a.LeaseExpiresAt != b.LeaseExpiresAt
        || a.Status.State != b.Status.State
        || a.Status.Term != b.Status.Term
        || a.Status.Leader?.Id != b.Status.Leader?.Id;

    private async Task WatchAsync(CancellationToken stopping)
    {
        var snapshot = _node.Snapshot;
        try
        {
            while (true)
            {
                Observe(snapshot);
                var seen = snapshot;
                var lease = Volatile.Read(ref _state).Tenure?.Source.Token ?? CancellationToken.None;
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease);
                try
                {
                    snapshot = await _node.WaitForAsync(s => Differs(s, seen), wake.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // The lease timer fired: look again, with no new snapshot needed.
                    snapshot = _node.Snapshot;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (NodeUnavailableException)
        {
            // The node stopped or failed (a failed node revokes its lease first): record the last word.
            Observe(_node.Snapshot);
        }
        catch (Exception e)
        {
            Log.WatcherFailed(_logger, e);
        }
        finally
        {
            if (Volatile.Read(ref _state).Tenure is { } tenure)
            {
                End(tenure);
            }

            Volatile.Read(ref _state).Next.TrySetException(new NodeUnavailableException($"Node {Self.Id} is stopping; it will not become the Goose here."));
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Turns one snapshot, read at the monotonic now, into tenure changes and events.</summary>
    private void Observe(NodeSnapshot snapshot)
    {
        var now = _time.GetTimestamp();
        var isGoose = snapshot.RoleAt(now) == NodeRole.Goose;
        var term = snapshot.Status.Term;
        var current = Volatile.Read(ref _state).Tenure;

        if (current is not null && isGoose && current.Lease.Term == term && !current.Source.IsCancellationRequested)
        {
            current.Source.CancelAfter(Remaining(now, snapshot.LeaseExpiresAt));
        }
        else
        {
            if (current is not null)
            {
                End(current);
                if (!isGoose || current.Lease.Term == term)
                {
                    // This lease is spent: its token may have fired a hair before the role read Duck, and
                    // a token once cancelled stays so; only a lease extended beyond it starts a new tenure.
                    _spentLeaseExpiry = snapshot.LeaseExpiresAt;
                    _events.Writer.TryWrite(new RoleChangedEventArgs(NodeRole.Duck, NodeRole.Goose, term, snapshot.Status.State == NodeState.Leader ? null : snapshot.Status.Leader));
                    current = null;
                }
            }

            if (isGoose && snapshot.LeaseExpiresAt != _spentLeaseExpiry)
            {
                Begin(term, Remaining(now, snapshot.LeaseExpiresAt), previous: current is null ? NodeRole.Duck : NodeRole.Goose);
            }
        }

        Volatile.Write(ref _observed, snapshot);
        Interlocked.Exchange(ref _observedSignal, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Called by the node actor on its loop when it revokes the lease, before that step's messages leave:
    /// the current tenure's token is cancelled now (its callbacks run on the thread pool, not here). The
    /// watcher then ends the tenure and raises the role event as usual.
    /// </summary>
    private void RevokeNow()
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _state).Tenure is { } tenure)
            {
                _ = tenure.CancelAsync();
            }
        }
    }

    private void Begin(long term, TimeSpan remaining, NodeRole previous)
    {
        Tenure tenure;
        State before;
        lock (_gate)
        {
            // The actor publishes a revoked snapshot before it calls RevokeNow: a snapshot read here that
            // no longer says Goose means the tenure this watcher saw is over before it began.
            if (_node.Snapshot.RoleAt(_time.GetTimestamp()) != NodeRole.Goose)
            {
                return;
            }

            var source = new CancellationTokenSource(remaining, _time);
            tenure = new Tenure(new GooseLease(term, source.Token), source);
            before = Volatile.Read(ref _state);

            // Publish first, then wake those waiting, so a caller woken by this lease that asks again gets it.
            Volatile.Write(ref _state, new State(tenure, NewNext()));
        }

        before.Next.TrySetResult(tenure.Lease);
        Log.BecameGoose(_logger, Self.Id, term);
        _events.Writer.TryWrite(new RoleChangedEventArgs(NodeRole.Goose, previous, term, Self));
    }

    private void End(Tenure tenure)
    {
        var before = Volatile.Read(ref _state);
        Volatile.Write(ref _state, new State(null, before.Next));
        Log.StoppedBeingGoose(_logger, Self.Id, tenure.Lease.Term);

        // CancelAsync runs the token's callbacks on the thread pool, so a slow callback cannot hold up
        // this watcher; the source is disposed once they are done.
        _ = tenure.CancelAsync().ContinueWith(
            (done, state) =>
            {
                if (done.Exception is { } error)
                {
                    Log.CallbackFailed(_logger, error.GetBaseException());
                }

                ((CancellationTokenSource)state!).Dispose();
            },
            tenure.Source,
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    private TimeSpan Remaining(long now, long expiresAt)
    {
        if (expiresAt == LeaderLease.Unbounded)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var ticks = _time.GetElapsedTime(now, expiresAt).Ticks;
        var wholeMilliseconds = (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        return TimeSpan.FromMilliseconds(Math.Max(0, wholeMilliseconds));
    }

    private async Task RaiseEventsAsync()
    {
        await foreach (var change in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (RoleChanged is not { } handlers)
            {
                continue;
            }

            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<RoleChangedEventArgs>>())
            {
                try
                {
                    handler(this, change);
                }
                catch (Exception e)
                {
                    Log.HandlerFailed(_logger, change.Role, e);
                }
            }
        }
    }

    private sealed record State(Tenure? Tenure, TaskCompletionSource<GooseLease> Next);

    private sealed record Tenure(GooseLease Lease, CancellationTokenSource Source)
    {
        private Task? _cancelled;

        /// <summary>Cancels the token once (its state at once, its callbacks on the thread pool); the task ends when they have run.</summary>
        public Task CancelAsync()
        {
            lock (Source)
            {
                return _cancelled ??= Source.CancelAsync();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Node {Id} is the Goose in term {Term}; leadership token issued")]
        public static partial void BecameGoose(ILogger logger, string id, long term);

        [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Node {Id} is no longer the Goose of term {Term}; leadership token cancelled")]
        public static partial void StoppedBeingGoose(ILogger logger, string id, long term);

        [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "A RoleChanged handler failed on the change to {Role}")]
        public static partial void HandlerFailed(ILogger logger, NodeRole role, Exception error);

        [LoggerMessage(EventId = 603, Level = LogLevel.Error, Message = "A leadership token callback failed")]
        public static partial void CallbackFailed(ILogger logger, Exception error);

        [LoggerMessage(EventId = 604, Level = LogLevel.Critical, Message = "The leadership watcher failed; the leadership token is cancelled and no more role events follow")]
        public static partial void WatcherFailed(ILogger logger, Exception error);
    }
}
