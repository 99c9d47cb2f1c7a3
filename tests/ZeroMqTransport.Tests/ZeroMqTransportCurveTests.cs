using System.Diagnostics;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// CURVE between ZeroMQ transports: what it lets through (CURVE clients holding the server's right public key)
/// and what it keeps out (plain-text clients, clients aiming at another key, eavesdroppers).
/// </summary>
public sealed class ZeroMqTransportCurveTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);

    private readonly CurveKeys _keys = new();

    [Fact]
    public async Task Two_CURVE_nodes_exchange_messages_both_ways()
    {
        var (a, aFile) = CurvePeer("a");
        var (b, bFile) = CurvePeer("b");
        var aHandler = new ContractPeerHandler("a");
        var bHandler = new ContractPeerHandler("b");
        await using var nodeA = Create(a, aFile);
        await using var nodeB = Create(b, bFile);
        await nodeA.StartAsync(aHandler, CancellationToken.None);
        await nodeB.StartAsync(bHandler, CancellationToken.None);

        var fromB = await nodeA.SendAsync(b, new VoteRequest("a", 2, 0, 0, false), CancellationToken.None);
        var fromA = await nodeB.SendAsync(a, new AppendRequest("b", 3, 7, 0, 0, [], 0, null), CancellationToken.None);

        Assert.Equal(new VoteResponse("b", 2, true, false), fromB);
        Assert.Equal(new AppendResponse("a", 3, 7, true, 0), fromA);
        Assert.Single(aHandler.Received);
        Assert.Single(bHandler.Received);
    }

    [Fact]
    public async Task A_plain_text_client_cannot_get_a_message_handled_by_a_CURVE_server()
    {
        var (server, file) = CurvePeer("p1");
        var handler = new ContractPeerHandler("p1");
        await using var node = Create(server, file);
        await node.StartAsync(handler, CancellationToken.None);
        await using var client = Create(new Member("client", "http://127.0.0.1:1"), timeout: Short);
        var withoutKey = server with { Peer = ZeroMqTransportContractTests.Endpoint(server) };

        await AssertNoReplyAsync(client, withoutKey);

        Assert.Empty(handler.Received);
        Assert.Equal(0, node.Counters.Received);
    }

    [Fact]
    public async Task A_client_holding_another_server_key_gets_no_reply()
    {
        var (server, file) = CurvePeer("p1");
        var handler = new ContractPeerHandler("p1");
        await using var node = Create(server, file);
        await node.StartAsync(handler, CancellationToken.None);
        await using var client = Create(new Member("client", "http://127.0.0.1:1"), timeout: Short);
        var (_, impostorKey) = _keys.Create();
        var wrongKey = server with { Peer = ZeroMqAddress.WithKey(ZeroMqTransportContractTests.Endpoint(server), impostorKey) };

        await AssertNoReplyAsync(client, wrongKey);

        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task A_server_refuses_to_start_when_its_address_names_a_key_its_file_does_not_hold()
    {
        var (server, _) = CurvePeer("p1");
        var (otherFile, _) = _keys.Create();
        await using var node = Create(server, otherFile);

        var thrown = await Assert.ThrowsAsync<TransportException>(() => node.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None));

        Assert.Contains(otherFile, thrown.Message);
    }

    [Fact]
    public async Task A_server_whose_address_asks_for_CURVE_needs_a_key_file()
    {
        var (server, _) = CurvePeer("p1");
        await using var node = Create(server);

        var thrown = await Assert.ThrowsAsync<TransportException>(() => node.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None));

        Assert.Contains("no CURVE key file", thrown.Message);
    }

    [Fact]
    public void A_bad_key_file_stops_the_transport_from_being_created()
    {
        var file = _keys.Write("not a key");

        var thrown = Assert.Throws<TransportException>(() => Create(new Member("p1", "http://127.0.0.1:1"), file));

        Assert.Contains(file, thrown.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task With_CURVE_the_message_body_is_not_on_the_wire_in_clear_text(bool curve)
    {
        const string Marker = "plain-text-marker-7f3a9c";
        var (server, file) = curve ? CurvePeer("p1") : (new Member("p1", "http://127.0.0.1:1", $"tcp://127.0.0.1:{LoopbackPorts.Free()}"), null);
        await using var node = Create(server, file);
        await node.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None);
        await using var relay = new TcpRelay(new Uri(server.PeerAddress).Port);
        var query = server.PeerAddress.IndexOf('?', StringComparison.Ordinal);
        var throughRelay = server with { Peer = $"tcp://127.0.0.1:{relay.Port}{(query < 0 ? "" : server.PeerAddress[query..])}" };
        await using var client = Create(new Member("client", "http://127.0.0.1:1"));

        var reply = await client.SendAsync(throughRelay, new VoteRequest(Marker, 4, 0, 0, false), CancellationToken.None);

        Assert.Equal(new VoteResponse("p1", 4, true, false), reply);
        Assert.True(relay.Relayed > 0, "nothing went through the relay");
        Assert.Equal(!curve, relay.Saw(Marker));
    }

    public void Dispose() => _keys.Dispose();

    private static async Task AssertNoReplyAsync(ZeroMqTransport client, Member to)
    {
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TransportException>(() => client.SendAsync(to, new VoteRequest("client", 1, 0, 0, false), CancellationToken.None));
        Assert.True(clock.Elapsed < Short + TimeSpan.FromSeconds(2), $"the send gave up only after {clock.Elapsed}");
    }

    private static ZeroMqTransport Create(Member self, string? keyFile = null, TimeSpan? timeout = null) =>
        new(new TransportSetup(self, timeout ?? TimeSpan.FromSeconds(10)) { CurveKeyFile = keyFile }, NullLogger<ZeroMqTransport>.Instance);

    private (Member Peer, string KeyFile) CurvePeer(string id)
    {
        var (file, publicKey) = _keys.Create();
        return (new Member(id, "http://127.0.0.1:1", ZeroMqAddress.WithKey($"tcp://127.0.0.1:{LoopbackPorts.Free()}", publicKey)), file);
    }
}
