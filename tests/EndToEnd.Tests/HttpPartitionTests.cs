namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>The partition test over HTTP, with the <c>faulty-http</c> test transport.</summary>
public sealed class HttpPartitionTests : PartitionTests
{
    /// <summary>Partitions a cluster talking HTTP.</summary>
    public HttpPartitionTests()
        : base(ClusterTransport.Http)
    {
    }
}
