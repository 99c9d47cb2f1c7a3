namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>The cluster lifecycle with peer messages over ZeroMQ (each node on its own peer port).</summary>
public sealed class ZeroMqClusterLifecycleTests : ClusterLifecycleTests
{
    /// <summary>Runs the lifecycle over ZeroMQ.</summary>
    public ZeroMqClusterLifecycleTests()
        : base(ClusterTransport.ZeroMq)
    {
    }
}
