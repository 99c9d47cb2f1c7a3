using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Node;

/// <summary>The actor's loop: one input at a time, each step's effects carried out in order.</summary>
public sealed partial class NodeActor
{
    private async Task RunAsync()
    {
        try
        {
            await foreach (var input in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await HandleAsync(input).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }
        finally
        {
            foreach (var command in _commands.Values)
            {
                command.TrySetException(new NodeUnavailableException($"Node {Self.Id} stopped before the change was decided."));
            }

            _commands.Clear();
        }
    }

    private async Task HandleAsync(Input input)
    {
        if (input is TickInput)
        {
            // The one-shot wake-up fired (or is stale): arm it again below whatever is due.
            _armedFor = long.MaxValue;
        }

        // Every input first brings the core's clock up to when the input arrived: a message must meet the
        // core at its time, or ticks that elapsed before it would be counted after it (a heartbeat would then
        // shorten the vote refusal it restarts, thesis §6.4.1). Arrival, not handling: a loop that fell behind
        // (a slow save, a starved process) still handles a heartbeat that came in time before the timeout it
        // prevents, and a reply that came in time before check-quorum.
        try
        {
            await CatchUpAsync(input.At).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FailInput(input, e);
            throw;
        }

        if (input is PeersInput query)
        {
            // Read between two steps, with the clock caught up to when it was asked: the snapshot and the
            // progress describe the same moment.
            query.Result.TrySetResult((Snapshot, _core.MemberProgress));
        }
        else if (input is not TickInput)
        {
            await StepInputAsync(input).ConfigureAwait(false);
        }

        ArmWake();
    }

    /// <summary>
    /// Advances the core by the ticks that elapsed on the monotonic clock up to <paramref name="at"/> since it
    /// last moved, one due event at a time (<see cref="ElectionCore.TicksUntilDue"/>), so each event's effects
    /// are carried out on their own, in order; a starved process counts all the time it lost, not the wake-ups
    /// it had. Never backwards: inputs posted from several threads may reach the inbox a hair out of order.
    /// </summary>
    private async Task CatchUpAsync(long at)
    {
        var target = _time.GetElapsedTime(_clockStart, at).Ticks / _tickInterval.Ticks;
        while (_ticksDone < target)
        {
            var ticks = (int)Math.Min(target - _ticksDone, _core.TicksUntilDue);
            var ready = _core.Tick(ticks);
            _ticksDone += ticks;
            await CarryOutAsync(ready, TickInput.Clock).ConfigureAwait(false);
        }
    }

    /// <summary>Arms the one-shot wake-up for the core's next due tick, unless it is armed for it already.</summary>
    private void ArmWake()
    {
        var due = _core.TicksUntilDue;
        var at = due == int.MaxValue ? long.MaxValue : _ticksDone + due;
        if (at == _armedFor || _wake is not { } wake)
        {
            return;
        }

        _armedFor = at;
        try
        {
            if (at == long.MaxValue)
            {
                wake.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            // System timers count whole milliseconds: rounded up, so the wake-up does not come before the tick.
            var delay = TimeSpan.FromTicks(_tickInterval.Ticks * at) - _time.GetElapsedTime(_clockStart);
            wake.Change(TimeSpan.FromMilliseconds(Math.Max(0, Math.Ceiling(delay.TotalMilliseconds))), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping: no more wake-ups are wanted.
        }
    }

    private async Task StepInputAsync(Input input)
    {
        Ready ready;
        switch (input)
        {
            case PeerInput peer:
                try
                {
                    ready = _core.Step(peer.Message);
                    if (peer.Message is AppendRequest && ready.Status.State == NodeState.Follower && ready.Status.Leader?.Id == peer.Message.From)
                    {
                        // A heartbeat of the Goose this node follows: when it arrived, for the event that ends following it.
                        _gooseHeardAt = peer.At;
                    }
                }
                catch (Exception e)
                {
                    // A node must survive any message: a bug the message met is logged, the message refused,
                    // and the loop goes on. The core let nothing of that step leave; whatever it changed
                    // durably is persisted by the next step before any reply leaves.
                    Log.StepFailed(_logger, peer.Message.GetType().Name, peer.Message.From, e);
                    CountRefused(PeerMessageRejectedException.Fault);
                    peer.Reply?.TrySetException(new PeerMessageRejectedException(
                        $"{Self.Id} could not take this {peer.Message.GetType().Name}: {e.Message}",
                        PeerMessageRejectedException.Fault));
                    return;
                }

                break;
            case CommandInput command:
                try
                {
                    ready = command.Command switch
                    {
                        MembershipCommand change => _core.Propose(change),
                        TransferCommand transfer => _core.TransferLeadership(transfer),
                        VotersCommand voters => _core.SetVoters(voters),
                        LeaveCommand leave => _core.Leave(leave),
                        _ => throw new InvalidOperationException($"Unknown command {command.Command.GetType().Name}."),
                    };
                }
                catch (Exception e)
                {
                    Log.CommandFailed(_logger, command.Command.GetType().Name, e);
                    command.Result.TrySetException(e);
                    return;
                }

                _commands[command.Id] = command.Result;
                break;
            default:
                throw new InvalidOperationException($"Unknown input {input.GetType().Name}.");
        }

        try
        {
            await CarryOutAsync(ready, input).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FailInput(input, e);
            throw;
        }
    }

    /// <summary>Carries out one step's effects in the order <see cref="Ready"/> requires.</summary>
    private async Task CarryOutAsync(Ready ready, Input input)
    {
        // 0. Requests that promise nothing leave first, while this step's save runs (Ready.RequestsMayLeaveBeforePersisted):
        // a candidate's vote requests and a new Goose's first round do not wait for its fsync. Their answers
        // are later inputs, taken after the save. The time is read before they leave, so a round they start
        // is dated no later than its heartbeats (an earlier start only shortens the lease).
        long? sentAt = null;
        if (ready.RequestsMayLeaveBeforePersisted(Snapshot.Status))
        {
            sentAt = _time.GetTimestamp();
            SendAll(ready);
        }

        // 1. Raft §5.1 / thesis §3.8: term, vote and log are durable before anything that depends on them
        // leaves this node. Not cancelled on shutdown: a half-finished save is exactly what must not happen.
        if (ready.Persist is { } state)
        {
            await _store.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
            if (state.GooseLeaseMs != _gooseLeaseMs)
            {
                _gooseLeaseMs = state.GooseLeaseMs;
                var refusalTicks = _options.VoteRefusalTicks(_gooseLeaseMs);
                if (refusalTicks > _options.ElectionTimeoutTicks)
                {
                    Log.LongerGooseLease(_logger, _gooseLeaseMs, refusalTicks * _tickInterval.TotalMilliseconds, _options.ElectionTimeout.TotalMilliseconds);
                }
                else
                {
                    Log.GooseLease(_logger, _gooseLeaseMs, _options.ElectionTimeout.TotalMilliseconds);
                }
            }
        }

        // 2. Lease and status before any message: a Goose that just stepped down stops reporting Goose
        // before its vote for someone else can leave. Code that acts on this node's leadership is told
        // too, synchronously, for the same reason: its lease token is cancelled before a hand-over's
        // TimeoutNow leaves, so a job run under it never overlaps the next Goose's.
        var held = _lease.ExpiresAt != long.MinValue;
        _lease.Apply(ready, sentAt ?? _time.GetTimestamp());
        Publish(ready);
        RecordDecisions(ready);
        if (held && _lease.ExpiresAt == long.MinValue)
        {
            RaiseLeaseRevoked();
        }

        // 3. The reply to the request that caused this step, then the step's messages, never awaited here:
        // the loop must keep turning while peers are slow or gone, and Raft tolerates lost messages.
        if (input is PeerInput { Reply: { } reply } peer)
        {
            if (ready.Refused is { } refusal)
            {
                Refuse(peer.Message, refusal);
                reply.TrySetException(new PeerMessageRejectedException(refusal.Detail, refusal.Reason));
            }
            else
            {
                reply.TrySetResult(ready.Reply);
            }
        }
        else if (input is PeerInput { Message: var answer } && ready.Refused is { } refused)
        {
            Refuse(answer, refused);
        }

        if (sentAt is null)
        {
            SendAll(ready);
        }

        // 4. Commands the core has decided.
        foreach (var result in ready.Completed)
        {
            if (_commands.Remove(result.CommandId, out var command))
            {
                command.TrySetResult(result);
            }
        }
    }

    /// <summary>Counts a message the core refused, and logs the first refusal of each sender for each reason.</summary>
    private void Refuse(RaftMessage message, PeerRefusal refusal) =>
        Refuse(message.GetType().Name, message.From, refusal.Reason, refusal.Detail);

    private void RaiseLeaseRevoked()
    {
        foreach (var callback in Volatile.Read(ref _leaseRevoked))
        {
            try
            {
                callback();
            }
            catch (Exception e)
            {
                Log.LeaseCallbackFailed(_logger, e);
            }
        }
    }

    private void SendAll(Ready ready)
    {
        foreach (var envelope in ready.Messages)
        {
            _ = SendAsync(envelope);
        }
    }

    private async Task SendAsync(Envelope envelope)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var sent = _time.GetTimestamp();
            var reply = await _transport.SendAsync(envelope.To, envelope.Message, _stopping.Token).ConfigureAwait(false);
            _metrics?.RoundTrip(envelope.To.Id, _time.GetElapsedTime(sent));
            if (reply is RaftMessage answer)
            {
                // The reply is a new input like any other; if the node is stopping it is simply dropped.
                _inbox.Writer.TryWrite(new PeerInput(answer, Reply: null, _time.GetTimestamp()));
            }
            else
            {
                Log.UnexpectedReply(_logger, envelope.To.Id, reply.GetType().Name);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException or TimeoutException)
        {
            _metrics?.SendFailed(envelope.To.Id);
            Log.SendFailed(_logger, envelope.Message.GetType().Name, envelope.To.Id, envelope.To.Url, e.Message);
        }
    }

    private void Publish(Ready ready)
    {
        var status = ready.Status;
        var previous = Snapshot;
        var next = new NodeSnapshot(status, _lease.ExpiresAt);
        Volatile.Write(ref _snapshot, next);
        Record(previous, next, ready);
        _metrics?.Step(previous.Status, ready);
        if (previous.Status.State != status.State || previous.Status.Term != status.Term || previous.Status.Leader?.Id != status.Leader?.Id)
        {
            Log.StateChanged(_logger, Self.Id, status.State, status.Term, status.Leader?.Id ?? "(none)");
        }

        if (!ReferenceEquals(previous.Status.Members, status.Members)
            && (previous.Status.Members.Count != status.Members.Count || !previous.Status.Members.SequenceEqual(status.Members)))
        {
            LogMembersChanged(previous.Status.Members, status.Members);
        }

        // Waiters wake only for a change they could see: not for a step that moved nothing but tick counts.
        if (!SameButForTicks(previous, next))
        {
            Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
        }
    }

    /// <summary>
    /// Logs a new configuration as what changed, with the counts (<see cref="ConfigurationDiff"/>); the whole
    /// list only at Debug.
    /// </summary>
    private void LogMembersChanged(IReadOnlyList<Member> before, IReadOnlyList<Member> after)
    {
        Log.MembersChanged(_logger, Self.Id, after.Count, after.Count(m => m.IsVoter), ConfigurationDiff.Describe(before, after));
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Members(_logger, Self.Id, string.Join(", ", after.Select(ConfigurationDiff.Label)));
        }
    }

    /// <summary>Whether two snapshots show the same thing (a step that moved nothing but tick counts publishes an equal one).</summary>
    private static bool SameButForTicks(NodeSnapshot a, NodeSnapshot b)
    {
        var (x, y) = (a.Status, b.Status);
        return a.LeaseExpiresAt == b.LeaseExpiresAt && x.State == y.State && x.Term == y.Term && x.CommitIndex == y.CommitIndex
            && x.Leader == y.Leader && x.TransferTarget == y.TransferTarget && x.ClusterId == y.ClusterId && x.Voters == y.Voters
            && (ReferenceEquals(x.Members, y.Members) || x.Members.SequenceEqual(y.Members));
    }

    /// <summary>Adds an election event when the state, term or role changed since the last published snapshot.</summary>
    private void Record(NodeSnapshot previous, NodeSnapshot next, Ready ready)
    {
        var now = _time.GetTimestamp();
        var role = next.RoleAt(now);
        var before = previous.Status;
        var after = next.Status;
        if (role == _recordedRole && before.State == after.State && before.Term == after.Term)
        {
            return;
        }

        var at = _time.GetUtcNow();
        var reasons = ready.Transitions.Select(t => t.Reason).ToList();
        if (role != _recordedRole)
        {
            if (role == NodeRole.Goose)
            {
                reasons.Add(ready.SoleVoter ? "lease granted: the only voter" : "lease granted: a majority acknowledged a heartbeat round");
            }
            else if (after.State == NodeState.Leader && after.TransferTarget is { } target)
            {
                reasons.Add($"handing over to {target}: lease given up");
            }
            else if (after.State == NodeState.Leader && reasons.Count == 0)
            {
                // The lease ran out between two steps: date the event when it ran out, not when it was noticed.
                at -= _time.GetElapsedTime(previous.LeaseExpiresAt, now);
                reasons.Add("lease expired: no majority acknowledged a heartbeat round in time");
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add(before.Term != after.Term ? $"term {after.Term}" : $"{before.State} to {after.State}");
        }

        var reason = string.Join("; ", reasons);
        DateTimeOffset? lastHeard = before.State == NodeState.Follower && after.State != NodeState.Follower && _gooseHeardAt is { } heard
            ? _time.GetUtcNow() - _time.GetElapsedTime(heard, now)
            : null;
        Events.Add(new ElectionEvent(at, after.Term, after.State, role, before.State, _recordedRole, after.Leader?.Id, reason, lastHeard));
        _recordedRole = role;
    }

    /// <summary>Adds an event, and a log line, for each configuration change Autopilot started in this step.</summary>
    private void RecordDecisions(Ready ready)
    {
        if (ready.Decisions.Count == 0)
        {
            return;
        }

        var snapshot = Snapshot;
        var role = snapshot.RoleAt(_time.GetTimestamp());
        var status = snapshot.Status;
        foreach (var decision in ready.Decisions)
        {
            Log.Autopilot(_logger, Self.Id, decision.Term, decision.Reason);
            Events.Add(new ElectionEvent(
                _time.GetUtcNow(),
                status.Term,
                status.State,
                role,
                status.State,
                role,
                role == NodeRole.Goose ? Self.Id : status.Leader?.Id,
                $"autopilot: {decision.Reason}",
                Autopilot: decision.Action.ToString().ToLowerInvariant(),
                MemberId: decision.Member.Id));
        }
    }

    /// <summary>
    /// A step could not be carried out (a failed save leaves the core ahead of its disk): this node must
    /// not go on. It drops its lease, refuses further input, and fails whatever is waiting.
    /// </summary>
    private void Fail(Exception error)
    {
        Log.Failed(_logger, Self.Id, error);
        _lease.Revoke();
        Volatile.Write(ref _snapshot, Snapshot with { LeaseExpiresAt = _lease.ExpiresAt });
        _inbox.Writer.TryComplete();
        while (_inbox.Reader.TryRead(out var pending))
        {
            FailInput(pending, error);
        }

        Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
    }

    private void FailInput(Input input, Exception error)
    {
        var unavailable = new NodeUnavailableException($"Node {Self.Id} failed: {error.Message}", error);
        switch (input)
        {
            case PeerInput { Reply: { } reply }:
                reply.TrySetException(unavailable);
                break;
            case CommandInput command:
                command.Result.TrySetException(unavailable);
                break;
            case PeersInput query:
                query.Result.TrySetException(unavailable);
                break;
        }
    }

    /// <summary>One input to the loop, stamped with the monotonic time it arrived.</summary>
    private abstract record Input(long At);

    /// <summary>The wake-up timer fired at <paramref name="At"/>.</summary>
    private sealed record TickInput(long At) : Input(At)
    {
        /// <summary>Stands for the ticks the clock advanced, when their effects are carried out.</summary>
        public static TickInput Clock { get; } = new(0);
    }

    private sealed record PeerInput(RaftMessage Message, TaskCompletionSource<RaftMessage?>? Reply, long At) : Input(At);

    private sealed record CommandInput(long Id, object Command, TaskCompletionSource<CommandResult> Result, long At) : Input(At);

    /// <summary>A read of the Goose's progress per member for <c>GET /cluster</c>, with the snapshot of the same moment.</summary>
    private sealed record PeersInput(TaskCompletionSource<(NodeSnapshot Snapshot, IReadOnlyList<PeerProgress> Peers)> Result, long At) : Input(At);
}
