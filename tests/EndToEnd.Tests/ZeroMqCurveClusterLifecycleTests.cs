namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// The cluster lifecycle over ZeroMQ with CURVE on every node: each generates its key into its data
/// directory, advertises its public key in its peer address, and accepts only encrypted peers.
/// </summary>
public sealed class ZeroMqCurveClusterLifecycleTests : ClusterLifecycleTests
{
    /// <summary>Runs the lifecycle over ZeroMQ with CURVE.</summary>
    public ZeroMqCurveClusterLifecycleTests()
        : base(ClusterTransport.ZeroMqCurve)
    {
    }
}
