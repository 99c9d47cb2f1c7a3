namespace DuckDuckGoose.Contracts;

/// <summary>A voting member of the cluster: its stable node id and the URL its peers reach it at.</summary>
/// <param name="Id">The node id, generated once and kept in the node's data directory.</param>
/// <param name="Url">The advertised base URL, such as <c>http://127.0.0.1:4001</c>.</param>
public sealed record Member(string Id, string Url);
