using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// Who may talk to this node: only members of its own cluster (the id every message carries) and, for
/// requests, senders in its configuration. Checked before any other rule, so a refused message changes
/// nothing, not even the term.
/// </summary>
public sealed partial class ElectionCore
{
    private string? _clusterId;

    /// <summary>Why <paramref name="message"/> is refused unread, or null when the protocol's rules may judge it.</summary>
    private PeerRefusal? Refusal(RaftMessage message)
    {
        // A node with another cluster's log must never vote, lead or be caught up here: its log indices and
        // terms say nothing about ours (the Log Matching Property holds only within one cluster).
        if (message.Cluster is { } theirs && _clusterId is { } ours && theirs != ours)
        {
            return new PeerRefusal(
                PeerRefusal.ForeignCluster,
                $"{message.From} belongs to cluster {theirs}; {_options.SelfId} belongs to cluster {ours}");
        }

        // A node with a configuration but no id holds a cluster founded before clusters had ids, and no
        // member of such a cluster stamps one (its Goose has none to give). So a stamped message comes from
        // another cluster, whose indices and terms may collide with ours: an entry of the same index and
        // term but other content would make its Goose count a match that is not one.
        if (message.Cluster is { } stamped && _clusterId is null && Configuration.Count > 0)
        {
            return new PeerRefusal(
                PeerRefusal.ForeignCluster,
                $"{message.From} belongs to cluster {stamped}; {_options.SelfId} holds a cluster founded without an id (by an older version); to join {stamped}, start it with join and an empty data directory");
        }

        if (IsKnown(message.From))
        {
            return null;
        }

        return message switch
        {
            // Thesis §4.1: a Goose may lead a configuration this node has yet to learn (one that added the
            // Goose), and a node with no configuration yet is a newcomer being caught up. The term rules and
            // the cluster id judge these; a Goose of a current term was elected by a majority.
            AppendRequest => null,

            // The same for a candidate whose log is ahead of ours: it may hold a configuration that lists it
            // (thesis §4.1: servers grant votes without consulting their configuration). A candidate with no
            // newer log than ours is a removed or stray node, and its term must not reach us.
            VoteRequest request when IsAhead(request.LastLogIndex, request.LastLogTerm) => null,

            _ => new PeerRefusal(
                PeerRefusal.NotAMember,
                $"{message.From} is not a member of {_options.SelfId}'s configuration ({string.Join(", ", Configuration.Select(m => m.Id))})"),
        };
    }

    /// <summary>A member of the configuration in force, or the newcomer this Goose is catching up (thesis §4.2.1).</summary>
    private bool IsKnown(string id) => FindMember(id) is not null || (_state == NodeState.Leader && _learner?.Member.Id == id);

    /// <summary>Whether a log ending at <paramref name="lastIndex"/> of <paramref name="lastTerm"/> is strictly more up to date than ours (§5.4.1).</summary>
    private bool IsAhead(long lastIndex, long lastTerm) =>
        lastTerm > _log.LastTerm || (lastTerm == _log.LastTerm && lastIndex > _log.LastIndex);

    /// <summary>
    /// A node that has not learned its cluster's id (a newcomer, or state from before clusters had ids)
    /// takes the id of the Goose it now follows; it is persisted with the step, before the reply leaves.
    /// </summary>
    private void LearnClusterId(AppendRequest request)
    {
        if (_clusterId is null && request.Cluster is { } id)
        {
            _clusterId = id;
            _ready.Dirty = true;
        }
    }
}
