namespace DuckDuckGoose.Host.Node;

/// <summary>The node is stopping or has failed, so it takes no more input.</summary>
public sealed class NodeUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
