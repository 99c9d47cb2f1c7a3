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

    /// <summary>A node that founds a cluster of one: itself, committed at index 1.</summary>
    public static DurableState Bootstrap(Member self) => new(0, null, new Snapshot(1, 0, [self]), []);

    /// <summary>True when this node has ever known a configuration (so a join setting is ignored).</summary>
    public bool HasMembership => Base.Members.Count > 0 || Log.Any(e => e.Members is not null);
}
