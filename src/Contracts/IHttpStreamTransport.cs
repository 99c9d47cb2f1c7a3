using System.Net.WebSockets;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// Optional capability of an HTTP-routed transport that also keeps one long-lived WebSocket per peer, so a
/// heartbeat is a frame on an open connection rather than an HTTP request: the host accepts the WebSocket
/// at <see cref="StreamPath"/> on its own server (with the same client-certificate rule as
/// <c>POST {RoutePrefix}/message</c>) and hands it to <see cref="ServeStreamAsync"/>. A peer that does not
/// serve the path is still reached through <c>POST {RoutePrefix}/message</c>.
/// </summary>
public interface IHttpStreamTransport : IHttpRoutedTransport
{
    /// <summary>Where peers open their stream, such as <c>/raft/stream</c>.</summary>
    string StreamPath { get; }

    /// <summary>
    /// Answers the peer messages that arrive on <paramref name="socket"/> through <paramref name="inbound"/>
    /// until the peer closes it or <paramref name="cancellationToken"/> is cancelled (the node is stopping),
    /// then closes it.
    /// </summary>
    Task ServeStreamAsync(WebSocket socket, IPeerMessageHandler inbound, CancellationToken cancellationToken);
}
