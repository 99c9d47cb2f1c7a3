using System.Text.Json.Serialization;

namespace DuckDuckGoose.Client;

/// <summary>What a node says it is. A candidate is a Duck.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeRole>))]
public enum NodeRole
{
    /// <summary>Not the leader (a follower, a candidate, or a leader whose lease ran out).</summary>
    Duck,

    /// <summary>The leader, holding a lease confirmed by a majority.</summary>
    Goose,
}
