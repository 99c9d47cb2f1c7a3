using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>The Raft state of a node (Raft §5.1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeState>))]
public enum NodeState
{
    /// <summary>Follows the leader; a Duck.</summary>
    Follower,

    /// <summary>Campaigning for leadership (including pre-vote); a Duck.</summary>
    Candidate,

    /// <summary>Leader; a Goose while its lease holds.</summary>
    Leader,
}
