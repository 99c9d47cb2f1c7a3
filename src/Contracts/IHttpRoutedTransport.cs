namespace DuckDuckGoose.Contracts;

/// <summary>
/// Optional capability of a transport whose inbound side is the node's own HTTP server: the host
/// serves <c>POST {RoutePrefix}/message</c> with a JSON <see cref="PeerMessage"/> body
/// (<see cref="PeerJsonContext"/>) and answers with the reply message.
/// </summary>
public interface IHttpRoutedTransport
{
    /// <summary>Route prefix for peer RPCs, such as <c>/raft</c>.</summary>
    string RoutePrefix { get; }
}
