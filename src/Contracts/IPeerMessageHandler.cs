namespace DuckDuckGoose.Contracts;

/// <summary>The node's side of a transport: it takes one inbound message and returns the reply.</summary>
public interface IPeerMessageHandler
{
    /// <summary>Handles <paramref name="message"/> and returns the reply to send back to its sender.</summary>
    Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken);
}
