using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// Everything a node must keep across a crash (Raft §5.1 "persistent state"): current term, the vote
/// cast in it, and the log, whose committed prefix is folded into <see cref="Base"/>.
/// </summary>
/// <param name="Term">Latest term this node has seen.</param>
/// <param name="VotedFor">Candidate voted for in <paramref name="Term"/>, or null.</param>
/// <param name="Base">The committed prefix of the log, with the configuration in force at its end.</param>
/// <param name="Log">Entries after <see cref="Snapshot.Index"/> of <paramref name="Base"/>, in order.</param>
public sealed record DurableState(long Term, string? VotedFor, Snapshot Base, IReadOnlyList<LogEntry> Log)
{
    /// <summary>A node that knows no cluster yet (it is waiting to be added by a join).</summary>
    public static DurableState Empty { get; } = new(0, null, new Snapshot(0, 0, []), []);

    /// <summary>
    /// The id of the cluster this state belongs to: generated when the cluster is founded, learned by a
    /// joiner from the first Goose that catches it up, and carried by every peer message. Null for a node
    /// that has not joined yet, and for state written before clusters had ids.
    /// </summary>
    public string? ClusterId { get; init; }

    /// <summary>
    /// The lease, in milliseconds, of the last Goose this node acknowledged (<see cref="AppendRequest.LeaseMs"/>).
    /// Kept across a restart because the promise made with the acknowledgement outlives the process: a
    /// restarted node refuses votes at first for as long as that Goose may still hold its lease (Raft thesis
    /// §6.4.1), even when that is longer than its own election timeout.
    /// </summary>
    public long GooseLeaseMs { get; init; }

    /// <summary>
    /// A node that founds a cluster of one, <paramref name="clusterId"/>: itself, a voter, committed at index 1,
    /// with the cluster's voter target (<see cref="LogEntry.Voters"/>; null: the default).
    /// </summary>
    public static DurableState Bootstrap(Member self, string clusterId, int? voters = null) =>
        new(0, null, new Snapshot(1, 0, [self.AsVoter(true)], voters), []) { ClusterId = clusterId };

    /// <summary>The configuration in force in this state: the latest one in the log, else the base's (Raft thesis §4.1).</summary>
    public IReadOnlyList<Member> Configuration => Log.LastOrDefault(e => e.Members is not null)?.Members ?? Base.Members;

    /// <summary>True when this node has ever known a configuration (so a join setting is ignored).</summary>
    public bool HasMembership => Base.Members.Count > 0 || Log.Any(e => e.Members is not null);
}
