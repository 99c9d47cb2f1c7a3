namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>The cluster lifecycle with peer messages over HTTP.</summary>
public sealed class HttpClusterLifecycleTests : ClusterLifecycleTests
{
    /// <summary>Runs the lifecycle over HTTP.</summary>
    public HttpClusterLifecycleTests()
        : base(ClusterTransport.Http)
    {
    }
}
