using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using IPAddress = System.Net.IPAddress;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// The transport contract between two real nodes over HTTP: the client is an <see cref="HttpTransport"/>, the
/// serving node a <see cref="KestrelPeer"/>. (<see cref="TransportContractTests"/> keeps the HTTP-only checks
/// against a WireMock peer: error statuses and reply bodies that are not messages.)
/// </summary>
[Collection(TransportContractCollection.Name)]
public sealed class HttpTransportContractSuiteTests(ITestOutputHelper output) : TransportContractSuite(output)
{
    private static readonly string[] JunkBodies =
    [
        "",
        "garbage, not JSON",
        "null",
        "[1,2,3]",
        "{\"type\":\"no-such-message\",\"from\":\"x\"}",
        "{\"from\":\"x\",\"term\":1}",
        "{\"type\":\"vote\",\"from\":\"x\",\"term\":",
        "{\"type\":\"vote\",\"from\":\"x\",\"term\":\"one\"}",
        new string('x', 2 * 1024 * 1024),
    ];

    protected override Member AllocatePeer(string id) => new(id, $"http://127.0.0.1:{LoopbackPorts.Free()}");

    protected override async Task<IAsyncDisposable> ServeAsync(Member peer, IPeerMessageHandler handler) =>
        await KestrelPeer.StartAsync(peer, handler);

    protected override ITransport CreateClient(TransportSetup context) =>
        new HttpTransport(context, NullLogger<HttpTransport>.Instance);

    [Fact]
    public async Task Sends_to_a_node_that_serves_streams_go_over_one_stream_not_POST()
    {
        var peer = AllocatePeer("p1");
        await using var serving = await KestrelPeer.StartAsync(peer, new EchoHandler());
        await using var client = CreateClient(new TransportSetup(ClientSelf, TimeSpan.FromSeconds(5)));

        var replies = await Task.WhenAll(Enumerable.Range(1, 20).Select(term =>
            client.SendAsync(peer, new VoteRequest("client", term, 0, 0, false), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 20).Select(t => (long)t), replies.Select(r => ((VoteResponse)r).Term));
        Assert.Equal((0, 1), (serving.Posted, serving.Streams));
    }

    [Fact]
    public async Task A_stream_the_peer_closed_is_opened_again_by_the_next_send()
    {
        var peer = AllocatePeer("p1");
        await using var client = CreateClient(new TransportSetup(ClientSelf, TimeSpan.FromSeconds(5)));
        await using (var first = await KestrelPeer.StartAsync(peer, new EchoHandler()))
        {
            await client.SendAsync(peer, new VoteRequest("client", 1, 0, 0, false), CancellationToken.None);
        }

        await using var second = await KestrelPeer.StartAsync(peer, new EchoHandler());
        var reply = await SendUntilAnsweredAsync(client, peer);

        Assert.Equal(2, ((VoteResponse)reply).Term);
        Assert.Equal((0, 1), (second.Posted, second.Streams));
    }

    // The first send after the peer went away may meet the closed stream before its reader has noticed (a lost message).
    private static async Task<PeerMessage> SendUntilAnsweredAsync(ITransport client, Member peer)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.SendAsync(peer, new VoteRequest("client", 2, 0, 0, false), CancellationToken.None);
            }
            catch (TransportException) when (attempt < 3)
            {
            }
        }
    }

    private sealed class EchoHandler : IPeerMessageHandler
    {
        public Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<PeerMessage>(new VoteResponse("p1", ((RaftMessage)message).Term, true, false));
    }

    protected override async Task SendGarbageAsync(Member peer, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(peer.PeerAddress) };
        foreach (var body in JunkBodies)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            try
            {
                using var response = await http.PostAsync("/raft/message", content, cancellationToken);
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"junk got {(int)response.StatusCode}, not a 4xx");
            }
            catch (HttpRequestException) when (body.Length > KestrelPeer.MaxBodyBytes)
            {
                // An over-limit body may be answered 413 and the connection closed while it is still being
                // written: the sender then sees a broken pipe. Refused either way; the handler never saw it.
            }
        }

        // The same junk as frames on a stream: each answered with a failure that names it, none reaching the handler.
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://{new Uri(peer.PeerAddress).Authority}/raft/stream"), cancellationToken);
            var id = 0L;
            foreach (var body in JunkBodies.Where(b => b.Length <= 4096))
            {
                var frame = new byte[8 + Encoding.UTF8.GetByteCount(body)];
                BinaryPrimitives.WriteInt64LittleEndian(frame, ++id);
                Encoding.UTF8.GetBytes(body, frame.AsSpan(8));
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                var answer = new byte[4096];
                var received = await socket.ReceiveAsync(answer, cancellationToken);
                Assert.Equal(id, BinaryPrimitives.ReadInt64LittleEndian(answer));
                Assert.Equal(1, answer[8]);
                Assert.StartsWith("Malformed peer message", Encoding.UTF8.GetString(answer, 9, received.Count - 9));
            }

            // A frame too large to be a peer message ends the stream.
            await socket.SendAsync(new byte[(2 * 1024 * 1024) + 8], WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            var end = await socket.ReceiveAsync(new byte[64], cancellationToken);
            Assert.Equal(WebSocketMessageType.Close, end.MessageType);
        }

        // Bytes that are not HTTP at all: Kestrel answers 400 or drops the connection.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(peer.PeerAddress).Port, cancellationToken);
        await tcp.GetStream().WriteAsync("\0\0\0\xff\xff not HTTP\r\n\r\n"u8.ToArray(), cancellationToken);
    }
}
