using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Xunit.Abstractions;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// The in-memory test transport keeps the transport contract too, so node tests over it stand for a real
/// network. It has no wire, hence no junk to send: its garbage check only shows the peer keeps serving.
/// </summary>
[Collection(TransportContractCollection.Name)]
public sealed class InMemoryTransportContractTests(ITestOutputHelper output) : TransportContractSuite(output)
{
    private readonly InMemoryNetwork _network = new();

    protected override Member AllocatePeer(string id) => new(id, $"http://127.0.0.1:{LoopbackPorts.Free()}");

    protected override async Task<IAsyncDisposable> ServeAsync(Member peer, IPeerMessageHandler handler)
    {
        var node = _network.CreateTransport(peer.Url);
        await node.StartAsync(handler, CancellationToken.None);
        return node;
    }

    protected override ITransport CreateClient(TransportSetup context) =>
        _network.CreateTransport(context.Self.Url, context.RequestTimeout);

    protected override Task SendGarbageAsync(Member peer, CancellationToken cancellationToken) => Task.CompletedTask;
}
