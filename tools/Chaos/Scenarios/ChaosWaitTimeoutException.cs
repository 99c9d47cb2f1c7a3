namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>The cluster did not reach a wanted state in time (or a node exited by itself); the message names the phase and what was seen.</summary>
public sealed class ChaosWaitTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ChaosWaitTimeoutException(string message)
        : base(message)
    {
    }
}
