using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Node;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// The events of <c>GET /events/stream</c>, as server-sent events whose data is the JSON the matching
/// request/response endpoint answers: <c>status</c> (<see cref="NodeStatus"/>, as <c>GET /status</c>),
/// <c>cluster</c> (<see cref="ClusterView"/>, as <c>GET /cluster</c>) and <c>election</c> (one
/// <see cref="ElectionEvent"/>, as an entry of <c>GET /events</c>).
/// <para>
/// First a <c>status</c> and a <c>cluster</c>, then the kept election events (oldest first, as many as asked
/// for). From then on: a <c>status</c> or <c>cluster</c> as soon as the node publishes a change that alters it
/// (<see cref="NodeActor.NextChange"/>; for <c>cluster</c>, a change besides the ages in <c>lastHeardMs</c>, which
/// on a Goose move with every heartbeat round), each <c>election</c> as the node appends it
/// (<see cref="ElectionEventLog.Subscribe"/>), and both snapshots again every <see cref="SnapshotInterval"/>,
/// which carries the ages of the Goose's <c>lastHeardMs</c> and a role the lease ended between two steps.
/// </para>
/// <para>
/// The node's loop does nothing for a subscriber: the stream waits on the signal the loop sets anyway, and the
/// event log writes to a bounded channel that drops its oldest event rather than wait for a slow reader.
/// The stream ends when the client goes, or when the host starts to stop, so a stream never holds up a
/// graceful shutdown.
/// </para>
/// </summary>
public sealed class NodeEventStream
{
    /// <summary>The event carrying this node's status.</summary>
    public const string StatusEventType = "status";

    /// <summary>The event carrying the members as this node sees them.</summary>
    public const string ClusterEventType = "cluster";

    /// <summary>The event carrying one election event.</summary>
    public const string ElectionEventType = "election";

    /// <summary>How often both snapshots are sent even when nothing the node publishes changed.</summary>
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(1);

    /// <summary>How soon a browser's EventSource reconnects after losing the stream (the <c>retry</c> field of the first event).</summary>
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(1);

    private readonly NodeActor _node;
    private readonly RoleHookRunner _hooks;
    private readonly TimeProvider _time;

    /// <summary>Creates the stream of <paramref name="node"/>; its status includes what <paramref name="hooks"/> have done.</summary>
    public NodeEventStream(NodeActor node, RoleHookRunner hooks, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(time);
        _node = node;
        _hooks = hooks;
        _time = time;
    }

    /// <summary>
    /// The events as described on the class, beginning with the newest <paramref name="backlog"/> election events
    /// kept; ends (without an error) when <paramref name="stopping"/> or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> ReadAsync(
        int backlog,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One task for both ways to end, awaited beside the others: the loop below never throws on cancellation.
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStopping = stopping.Register(() => ended.TrySetResult());
        using var onAborted = cancellationToken.Register(() => ended.TrySetResult());
        using var subscription = _node.Events.Subscribe(backlog);
        using var timer = new PeriodicTimer(SnapshotInterval, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);

        // The change signal is taken before the snapshots it guards, so a change in between is not missed.
        var changed = _node.NextChange;
        var status = Status();
        var clusterOf = _node.Snapshot.Status;
        if (await ClusterAsync(either.Token).ConfigureAwait(false) is not { } first)
        {
            yield break;
        }

        var (cluster, clusterShape) = first;

        yield return new SseItem<string>(status, StatusEventType) { ReconnectionInterval = ReconnectAfter };
        yield return new SseItem<string>(cluster, ClusterEventType);
        foreach (var entry in subscription.Backlog)
        {
            yield return Election(entry);
        }

        var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
        var appended = subscription.Events.WaitToReadAsync(CancellationToken.None).AsTask();
        while (true)
        {
            await Task.WhenAny(ended.Task, changed, tick, appended).ConfigureAwait(false);
            if (ended.Task.IsCompleted)
            {
                yield break;
            }

            var periodic = tick.IsCompleted;
            if (periodic)
            {
                tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
            }

            if (changed.IsCompleted)
            {
                changed = _node.NextChange;
            }

            var nextStatus = Status();
            if (periodic || nextStatus != status)
            {
                status = nextStatus;
                yield return new SseItem<string>(status, StatusEventType);
            }

            // The cluster view is read through the node's loop and costs O(members), so between two periodic
            // snapshots it is read again only when the core's status moved (term, Goose, members, commit): a
            // Goose publishes a change with every heartbeat round (its lease), which alone changes only ages.
            var coreStatus = _node.Snapshot.Status;
            if (periodic || coreStatus != clusterOf)
            {
                clusterOf = coreStatus;
                if (await ClusterAsync(either.Token).ConfigureAwait(false) is not { } next)
                {
                    yield break;
                }

                var (nextCluster, nextShape) = next;
                if (periodic || nextShape != clusterShape)
                {
                    (cluster, clusterShape) = (nextCluster, nextShape);
                    yield return new SseItem<string>(cluster, ClusterEventType);
                }
            }

            while (subscription.Events.TryRead(out var entry))
            {
                yield return Election(entry);
            }

            if (appended.IsCompleted)
            {
                appended = subscription.Events.WaitToReadAsync(CancellationToken.None).AsTask();
            }
        }
    }

    private string Status() => JsonSerializer.Serialize(_node.GetStatus() with { Hooks = _hooks.Status }, DuckApiJsonContext.Default.NodeStatus);

    /// <summary>
    /// The node's <c>/cluster</c> view as JSON (read by its loop), and the same without the members' ages
    /// (<see cref="ClusterMember.LastHeardMs"/>), which tells a change worth sending at once; null once the node
    /// stops or the stream ends.
    /// </summary>
    private async Task<(string Json, string Shape)?> ClusterAsync(CancellationToken cancellationToken)
    {
        try
        {
            var view = await _node.GetClusterAsync(cancellationToken).ConfigureAwait(false);
            var ageless = view with { Members = [.. view.Members.Select(m => m with { LastHeardMs = null })] };
            return (JsonSerializer.Serialize(view, DuckApiJsonContext.Default.ClusterView),
                JsonSerializer.Serialize(ageless, DuckApiJsonContext.Default.ClusterView));
        }
        catch (NodeUnavailableException)
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static SseItem<string> Election(ElectionEvent entry) =>
        new(JsonSerializer.Serialize(entry, DuckApiJsonContext.Default.ElectionEvent), ElectionEventType);
}
