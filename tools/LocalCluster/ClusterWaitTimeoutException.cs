namespace DuckDuckGoose.LocalCluster;

/// <summary>A <see cref="ProcessCluster"/> did not reach a wanted state before its deadline.</summary>
public sealed class ClusterWaitTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a message naming the phase, what was seen last, and the nodes' log tails.</summary>
    public ClusterWaitTimeoutException(string message, ClusterSnapshot? lastSeen)
        : base(message)
    {
        LastSeen = lastSeen;
    }

    /// <summary>What the nodes answered last, or null when nothing was observed.</summary>
    public ClusterSnapshot? LastSeen { get; }
}
