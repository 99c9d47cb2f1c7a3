using System.Diagnostics.Metrics;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;

namespace DuckDuckGoose.Host.Metrics;

/// <summary>
/// The node's instruments, on the <see cref="MeterName"/> meter (System.Diagnostics.Metrics), which any
/// exporter can read; <c>GET /metrics</c> shows them in the Prometheus text format (<see cref="MetricsExtensions"/>).
/// Events are counted where they happen (the actor's loop, its sends, the hook runner): the loop's own
/// counts are plain fields read when scraped, and the per-peer ones are instruments given a tag that holds
/// the peer's id as it is, so the actor's hot path formats and allocates nothing. Gauges are read from
/// the actor's published <see cref="NodeSnapshot"/>, also only when scraped.
/// </summary>
/// <remarks>
/// The meter comes from the host's <see cref="IMeterFactory"/>, so each node's meter is its own even when
/// several nodes share a process (the tests' in-process nodes), and goes away with the node's services.
/// </remarks>
public sealed class NodeMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "DuckDuckGoose";

    /// <summary>Upper bounds of the round-trip histogram's buckets, in seconds: 0.5 ms (loopback) to 2.5 s (a peer timing out).</summary>
    public static readonly IReadOnlyList<double> RoundTripBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    // Indexed by ElectionResult.
    private static readonly KeyValuePair<string, object?>[] Results =
    [
        new("result", "won"),
        new("result", "lost"),
        new("result", "timed_out"),
    ];

    private static readonly KeyValuePair<string, object?> Voter = new("voter", "true");
    private static readonly KeyValuePair<string, object?> NonVoter = new("voter", "false");

    private readonly TimeProvider _time;
    private readonly Histogram<double> _roundTrip;
    private readonly Counter<long> _sendFailures;
    private readonly Counter<long> _hookRuns;
    private readonly Counter<long> _hookFailures;

    // Written by the actor's loop only (Step), read when scraped.
    private readonly ElectionTally _tally = new();
    private readonly long[] _elections = new long[Results.Length];
    private long _gooseChanges;
    private long _gooseTerm;

    private NodeActor? _node;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>; <paramref name="time"/> is the node's clock.</summary>
    public NodeMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var meter = meters.Create(MeterName);

        meter.CreateObservableCounter(
            "duckduckgoose.goose_changes",
            () => Volatile.Read(ref _gooseChanges),
            description: "Times this node learnt of a new Goose: the Goose of a later term than the last one it knew, itself included.");
        meter.CreateObservableCounter(
            "duckduckgoose.elections",
            ObserveElections,
            description: "Elections this node stood in (term raised after a won pre-vote or a hand-over), by how they ended: won, lost, timed_out.");
        _roundTrip = meter.CreateHistogram(
            "duckduckgoose.peer.round_trip",
            unit: "s",
            description: "Time from sending a peer message to its reply arriving (the peer's fsync included), by peer id.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RoundTripBuckets });
        _sendFailures = meter.CreateCounter<long>(
            "duckduckgoose.peer.send_failures",
            description: "Peer messages that got no reply: unreachable, timed out, refused, or no transport reaches the peer; by peer id.");
        _hookRuns = meter.CreateCounter<long>(
            "duckduckgoose.hook.runs",
            description: "Role hook processes started, by hook (on-goose, on-duck, on-role-change).");
        _hookFailures = meter.CreateCounter<long>(
            "duckduckgoose.hook.failures",
            description: "Role hook runs that failed, by hook and reason: exit_code (non-zero exit), timeout (killed after hook-timeout-ms), error (could not run).");

        meter.CreateObservableGauge(
            "duckduckgoose.is_goose",
            () => Observe(node => new Measurement<int>(node.IsGoose ? 1 : 0)),
            description: "1 while this node is the Goose (Leader with its lease held, as /status reports it), else 0.");
        meter.CreateObservableGauge(
            "duckduckgoose.term",
            () => Observe(node => new Measurement<long>(node.Snapshot.Status.Term)),
            description: "This node's current term.");
        meter.CreateObservableGauge(
            "duckduckgoose.members",
            ObserveMembers,
            description: "Members of the configuration in force, by voter: true for voters, false for non-voting Ducks.");
        meter.CreateObservableGauge(
            "duckduckgoose.lease_remaining",
            () => Observe(node => new Measurement<double>(LeaseRemaining(node.Snapshot))),
            unit: "s",
            description: "How long this Goose's lease still holds without another acknowledged heartbeat round; 0 when not held, +Inf while it is the only voter.");
        meter.CreateObservableCounter(
            "duckduckgoose.refused_messages",
            ObserveRefused,
            description: "Peer messages this node refused, by reason (as GET /cluster's refusedMessages).");
    }

    /// <summary>Reads the gauges from <paramref name="node"/>'s published snapshot from now on (until then they report nothing).</summary>
    public void Observe(NodeActor node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Volatile.Write(ref _node, node);
    }

    /// <summary>
    /// Counts what one step of the core changed: a Goose of a later term, and the end of an election this node
    /// stood in. Called by the actor's loop after it published the step's status, and only by it.
    /// </summary>
    public void Step(CoreStatus before, Ready ready)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(ready);
        var term = before.Term;
        var transitions = ready.Transitions;
        for (var i = 0; i < transitions.Count; i++)
        {
            if (_tally.Take(transitions[i], term) is { } result)
            {
                Interlocked.Increment(ref _elections[(int)result]);
            }

            term = transitions[i].Term;
        }

        // Raft §5.2: at most one Goose per term, so a known Goose of a later term is a new one.
        var status = ready.Status;
        if (status.Leader is not null && status.Term > _gooseTerm)
        {
            _gooseTerm = status.Term;
            Interlocked.Increment(ref _gooseChanges);
        }
    }

    /// <summary>Records the round trip of a peer message to <paramref name="peer"/> that got its reply.</summary>
    public void RoundTrip(string peer, TimeSpan elapsed) =>
        _roundTrip.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("peer", peer));

    /// <summary>Counts a peer message to <paramref name="peer"/> that got no reply.</summary>
    public void SendFailed(string peer) => _sendFailures.Add(1, new KeyValuePair<string, object?>("peer", peer));

    /// <summary>Counts a role hook process started.</summary>
    public void HookRan(string hook) => _hookRuns.Add(1, new KeyValuePair<string, object?>("hook", hook));

    /// <summary>Counts a role hook run that failed, for <paramref name="reason"/> (exit_code, timeout, error).</summary>
    public void HookFailed(string hook, string reason) =>
        _hookFailures.Add(1, new KeyValuePair<string, object?>("hook", hook), new KeyValuePair<string, object?>("reason", reason));

    // Every result from the start, so a rate or an alert on one has a series before its first election.
    private IEnumerable<Measurement<long>> ObserveElections()
    {
        var counts = new Measurement<long>[Results.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new Measurement<long>(Volatile.Read(ref _elections[i]), Results[i]);
        }

        return counts;
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<NodeActor, Measurement<T>> read)
        where T : struct =>
        Volatile.Read(ref _node) is { } node ? [read(node)] : [];

    private IEnumerable<Measurement<int>> ObserveMembers()
    {
        if (Volatile.Read(ref _node) is not { } node)
        {
            return [];
        }

        var members = node.Snapshot.Status.Members;
        var voters = members.Count(m => m.IsVoter);
        return [new(voters, Voter), new(members.Count - voters, NonVoter)];
    }

    private IEnumerable<Measurement<long>> ObserveRefused() =>
        Volatile.Read(ref _node) is { } node
            ? node.RefusedMessages.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("reason", r.Key)))
            : [];

    private double LeaseRemaining(NodeSnapshot snapshot) =>
        snapshot.LeaseExpiresAt switch
        {
            long.MinValue => 0,
            LeaderLease.Unbounded => double.PositiveInfinity,
            _ => Math.Max(0, (snapshot.LeaseExpiresAt - _time.GetTimestamp()) / (double)_time.TimestampFrequency),
        };
}
