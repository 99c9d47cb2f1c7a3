namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>The partition test over ZeroMQ, with the <c>faulty-zeromq</c> test transport.</summary>
public sealed class ZeroMqPartitionTests : PartitionTests
{
    /// <summary>Partitions a cluster talking ZeroMQ.</summary>
    public ZeroMqPartitionTests()
        : base(ClusterTransport.ZeroMq)
    {
    }
}
