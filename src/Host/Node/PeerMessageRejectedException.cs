namespace DuckDuckGoose.Host.Node;

/// <summary>An inbound peer message is not a request this node can take; nothing was changed.</summary>
public sealed class PeerMessageRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PeerMessageRejectedException(string message)
        : base(message)
    {
    }
}
