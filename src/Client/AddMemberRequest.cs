using System.Text.Json.Serialization;

namespace DuckDuckGoose.Client;

/// <summary>The body of <c>POST /cluster/members</c>: the node to add, or a member's new addresses.</summary>
/// <param name="Id">Its node id (A-Z a-z 0-9 . _ -, at most 64 characters).</param>
/// <param name="Url">The absolute http(s) URL it listens on.</param>
/// <param name="Peer">Where peers reach it when not <paramref name="Url"/>, such as <c>tcp://127.0.0.1:5001</c> (ZeroMQ); null for the URL.</param>
/// <param name="Priority">
/// Its election priority, 0 to 100 (default 1): higher tends to win elections under the <c>priority</c>
/// timer, 0 never stands for election. Adding an existing member again with another priority changes it.
/// </param>
/// <param name="ClusterId">
/// The cluster id in the new node's data directory, if it has one (a node that joins sends it): a node that
/// belongs to another cluster is refused (409, <see cref="ProblemTypes.ForeignCluster"/>). When null, the
/// Goose asks the node's <c>GET /status</c> before adding it.
/// </param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddMemberRequest(string Id, string Url, string? Peer = null, int? Priority = null, string? ClusterId = null);
