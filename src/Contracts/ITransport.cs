namespace DuckDuckGoose.Contracts;

/// <summary>
/// Moves <see cref="PeerMessage"/>s between nodes. A transport plugin is found in
/// <c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c> and chosen by <see cref="Name"/> in the node's settings.
/// Delivery is best effort: Raft tolerates lost, late and duplicated messages, so a failed send is
/// reported by an exception and never retried by the transport.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>The name settings use to pick this transport, such as <c>http</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Whether this transport reaches a peer at <paramref name="address"/> (a member's
    /// <see cref="Member.PeerAddress"/>): the address's scheme is this transport's, such as <c>http</c>
    /// or <c>tcp</c>. A node that loads several transports sends each message through the one that can.
    /// </summary>
    bool CanReach(string address);

    /// <summary>Starts receiving: every inbound message goes to <paramref name="inbound"/>.</summary>
    Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="message"/> to <paramref name="to"/> and returns its reply.</summary>
    /// <exception cref="TransportException">The peer could not be reached or answered nonsense.</exception>
    Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken);
}
