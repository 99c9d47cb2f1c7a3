using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>A member of the cluster: its stable node id, its HTTP URL, and where its peers reach it.</summary>
/// <param name="Id">The node id, generated once and kept in the node's data directory.</param>
/// <param name="Url">The node's HTTP base URL, such as <c>http://127.0.0.1:4001</c>: status, admin API, and the peer address unless <paramref name="Peer"/> names another.</param>
/// <param name="Peer">
/// The address peer messages reach it at when not <paramref name="Url"/>, such as <c>tcp://127.0.0.1:5001</c>
/// for the ZeroMQ transport; the address's scheme names the transport that reaches it. Null: <paramref name="Url"/>.
/// </param>
public sealed record Member(
    string Id,
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Peer = null)
{
    /// <summary>The address peer messages go to: <see cref="Peer"/> when set, else <see cref="Url"/>.</summary>
    [JsonIgnore]
    public string PeerAddress => Peer ?? Url;
}
