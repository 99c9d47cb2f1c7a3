using IPAddress = System.Net.IPAddress;
using IPEndPoint = System.Net.IPEndPoint;
using System.Net.Sockets;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Plugins.Tests;

/// <summary>The ZeroMQ plugin loaded from its folder, NetMQ in the plugin's own load context, as the host loads it.</summary>
public sealed class ZeroMqPluginTests
{
    [Fact]
    public async Task Two_nodes_loaded_from_the_plugin_folder_exchange_a_vote_over_tcp()
    {
        var peer = new Member("p1", "http://127.0.0.1:1", $"tcp://127.0.0.1:{FreePort()}");
        await using var server = PluginFolder.CreateTransport("ZeroMqTransport", new TransportSetup(peer, TimeSpan.FromSeconds(10)));
        await using var client = PluginFolder.CreateTransport("ZeroMqTransport", new TransportSetup(new Member("c", "http://127.0.0.1:2"), TimeSpan.FromSeconds(10)));
        await server.StartAsync(new Voter(), CancellationToken.None);

        var reply = await client.SendAsync(peer, new VoteRequest("c", 3, 0, 0, false), CancellationToken.None);

        Assert.Equal("zeromq", client.Name);
        Assert.True(client.CanReach(peer.PeerAddress));
        Assert.Equal(new VoteResponse("p1", 3, true, false), reply);
        Assert.False(File.Exists(Path.Combine(PluginFolder.Root, "ZeroMqTransport", "DuckDuckGoose.Contracts.dll")), "Contracts was copied into the plugin folder");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Voter : IPeerMessageHandler
    {
        public Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<PeerMessage>(new VoteResponse("p1", ((RaftMessage)message).Term, true, false));
    }
}
