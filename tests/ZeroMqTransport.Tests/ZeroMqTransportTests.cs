using System.Diagnostics;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Sockets;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>ZeroMQ-only behaviour the transport contract cannot express: naming, counters, frames, limits.</summary>
public sealed class ZeroMqTransportTests
{
    private static readonly Member Client = new("client", "http://127.0.0.1:1");

    [Theory]
    [InlineData("tcp://127.0.0.1:5001", true)]
    [InlineData("tcp://node-b.local:5001", true)]
    [InlineData("tcp://node-b.local:5001?curve=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("tcp://node-b.local:5001?curve=0123", false)]
    [InlineData("http://127.0.0.1:4001", false)]
    [InlineData("https://127.0.0.1:4001", false)]
    [InlineData("tcp://127.0.0.1", false)]
    [InlineData("not an address", false)]
    [InlineData("", false)]
    public async Task Is_named_zeromq_and_reaches_tcp_addresses_only(string address, bool reachable)
    {
        await using var transport = Create(Client);

        Assert.Equal("zeromq", transport.Name);
        Assert.Equal(reachable, transport.CanReach(address));
    }

    [Fact]
    public async Task A_send_to_an_address_of_another_scheme_is_a_transport_exception()
    {
        await using var transport = Create(Client);

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(new Member("p1", "http://127.0.0.1:4001"), new VoteRequest("client", 1, 0, 0, false), CancellationToken.None));
    }

    [Fact]
    public async Task Counters_count_requests_sent_and_received()
    {
        var peer = Peer("p1");
        await using var server = Create(peer);
        await server.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None);
        await using var client = Create(Client);

        for (var term = 1; term <= 5; term++)
        {
            await client.SendAsync(peer, new VoteRequest("client", term, 0, 0, false), CancellationToken.None);
        }

        Assert.Equal(new ZeroMqTransportCounters(5, 0, 0, 0, 0, 0), client.Counters);
        Assert.Equal(new ZeroMqTransportCounters(0, 5, 0, 0, 0, 0), server.Counters);
    }

    [Fact]
    public async Task A_handler_that_fails_is_a_transport_exception_at_once_not_after_the_timeout()
    {
        var peer = Peer("p1");
        await using var server = Create(peer);
        await server.StartAsync(new ContractPeerHandler("p1", _ => throw new InvalidOperationException("node stopping")), CancellationToken.None);
        await using var client = Create(Client, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var thrown = await Assert.ThrowsAsync<TransportException>(
            () => client.SendAsync(peer, new VoteRequest("client", 1, 0, 0, false), CancellationToken.None));

        Assert.Contains("node stopping", thrown.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the failure came only after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_reply_that_is_garbage_is_counted_and_the_send_fails()
    {
        // The client first: the last transport to go ends NetMQ's context, so the raw socket must go before it.
        await using var client = Create(Client, TimeSpan.FromSeconds(10));
        var address = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        using var liar = new RouterSocket();
        liar.Options.Linger = TimeSpan.Zero;
        liar.Bind(address);

        var send = client.SendAsync(new Member("liar", "http://127.0.0.1:1", address), new VoteRequest("client", 1, 0, 0, false), CancellationToken.None);
        var request = liar.ReceiveMultipartMessage();
        Assert.Equal(3, request.FrameCount);
        Assert.True(ZeroMqFrames.TryReadHeader(request[1].ToByteArray(), out var kind, out var correlation));
        Assert.Equal(ZeroMqFrames.Request, kind);
        liar.SendMoreFrame(request[0].ToByteArray()).SendFrame("one frame only");
        liar.SendMoreFrame(request[0].ToByteArray()).SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Reply, correlation)).SendFrame("not json");

        var thrown = await Assert.ThrowsAsync<TransportException>(() => send);
        Assert.True(client.Counters.Garbage == 2, $"counters: {client.Counters}, thrown: {thrown.Message}");
        Assert.Equal(0, client.Counters.Pending);
    }

    [Fact]
    public async Task Starting_on_a_peer_address_already_in_use_is_a_transport_exception()
    {
        var peer = Peer("p1");
        await using var first = Create(peer);
        await first.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None);
        await using var second = Create(peer);

        await Assert.ThrowsAsync<TransportException>(() => second.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_node_whose_peer_address_is_not_tcp_only_sends()
    {
        var httpOnly = new Member("p1", $"http://127.0.0.1:{LoopbackPorts.Free()}");
        var peer = Peer("p2");
        await using var server = Create(peer);
        await server.StartAsync(new ContractPeerHandler("p2"), CancellationToken.None);
        await using var sendOnly = Create(httpOnly);

        await sendOnly.StartAsync(new ContractPeerHandler("p1"), CancellationToken.None);
        var reply = await sendOnly.SendAsync(peer, new VoteRequest("p1", 2, 0, 0, false), CancellationToken.None);

        Assert.Equal(new VoteResponse("p2", 2, true, false), reply);
    }

    [Fact]
    public void A_full_outbox_drops_its_oldest_request()
    {
        var dropped = new List<ulong>();
        var outbox = new PeerOutbox("tcp://127.0.0.1:1", 3, r => dropped.Add(r.Correlation));

        for (ulong correlation = 1; correlation <= 5; correlation++)
        {
            outbox.Write(new OutboundRequest(correlation, []));
        }

        Assert.Equal([1UL, 2UL], dropped);
        var left = new List<ulong>();
        while (outbox.TryRead(out var request))
        {
            left.Add(request.Correlation);
        }

        Assert.Equal([3UL, 4UL, 5UL], left);
    }

    [Fact]
    public void An_outbox_wakes_the_socket_thread_once_until_it_drains()
    {
        var outbox = new PeerOutbox("tcp://127.0.0.1:1", 3, _ => { });

        Assert.True(outbox.TrySchedule());
        Assert.False(outbox.TrySchedule());
        outbox.Unschedule();
        Assert.True(outbox.TrySchedule());
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 42 }, true)]
    [InlineData(new byte[] { 3, 0, 0, 0, 0, 0, 0, 1, 0 }, true)]
    [InlineData(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0, 42 }, false)]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 42 }, false)]
    [InlineData(new byte[] { }, false)]
    public void A_header_is_a_kind_byte_and_a_big_endian_correlation_id(byte[] frame, bool valid)
    {
        Assert.Equal(valid, ZeroMqFrames.TryReadHeader(frame, out var kind, out var correlation));
        if (valid)
        {
            Assert.Equal(frame, ZeroMqFrames.Header(kind, correlation));
        }
    }

    private static Member Peer(string id) => new(id, "http://127.0.0.1:1", $"tcp://127.0.0.1:{LoopbackPorts.Free()}");

    private static ZeroMqTransport Create(Member self, TimeSpan? timeout = null) =>
        new(new TransportSetup(self, timeout ?? TimeSpan.FromSeconds(10)), NullLogger<ZeroMqTransport>.Instance);
}
