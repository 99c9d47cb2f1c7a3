namespace DuckDuckGoose.Contracts;

/// <summary>A message could not be delivered, or its reply could not be understood.</summary>
public sealed class TransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransportException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
