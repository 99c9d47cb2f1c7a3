using System.Buffers.Binary;
using System.Diagnostics;
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
    public async Task Sends_go_by_POST_until_the_stream_opened_in_the_background_is_open_then_over_that_one_stream()
    {
        var peer = AllocatePeer("p1");
        await using var serving = await KestrelPeer.StartAsync(peer, new EchoHandler());
        await using var client = CreateClient(new TransportSetup(ClientSelf, TimeSpan.FromSeconds(5)));

        await client.SendAsync(peer, new VoteRequest("client", 1, 0, 0, false), CancellationToken.None);
        Assert.Equal((1, 0), (serving.Posted, serving.Streams));
        var posted = await SendUntilOverTheStreamAsync(client, peer, serving);

        var replies = await Task.WhenAll(Enumerable.Range(1, 20).Select(term =>
            client.SendAsync(peer, new VoteRequest("client", term, 0, 0, false), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 20).Select(t => (long)t), replies.Select(r => ((VoteResponse)r).Term));
        Assert.Equal((posted, 1), (serving.Posted, serving.Streams));
    }

    [Fact]
    public async Task A_peer_written_to_less_often_than_a_stream_is_worth_is_sent_to_by_POST_only()
    {
        var peer = AllocatePeer("p1");
        await using var serving = await KestrelPeer.StartAsync(peer, new EchoHandler());
        await using var client = CreateClient(new TransportSetup(ClientSelf, TimeSpan.FromSeconds(5)));

        // A non-voter's keep-alives: fewer sends in any second than make a stream worth opening.
        for (var i = 0; i < HttpTransport.StreamAfterSends - 1; i++)
        {
            await client.SendAsync(peer, new VoteRequest("client", i, 0, 0, false), CancellationToken.None);
        }

        await Task.Delay(300);
        Assert.Equal((HttpTransport.StreamAfterSends - 1, 0), (serving.Posted, serving.Streams));
    }

    [Fact]
    public async Task A_stream_the_peer_closed_is_opened_again_with_POST_meanwhile()
    {
        var peer = AllocatePeer("p1");
        await using var client = CreateClient(new TransportSetup(ClientSelf, TimeSpan.FromSeconds(5)));
        await using (var first = await KestrelPeer.StartAsync(peer, new EchoHandler()))
        {
            await SendUntilOverTheStreamAsync(client, peer, first);
        }

        await using var second = await KestrelPeer.StartAsync(peer, new EchoHandler());
        var posted = await SendUntilOverTheStreamAsync(client, peer, second);

        Assert.Equal(1, second.Streams);
        await client.SendAsync(peer, new VoteRequest("client", 3, 0, 0, false), CancellationToken.None);
        Assert.Equal(posted, second.Posted);
    }

    [Fact]
    public async Task A_peer_that_stops_answering_on_its_stream_fails_every_waiting_send_once_the_request_timeout_passes_and_loses_the_stream()
    {
        var timeout = TimeSpan.FromMilliseconds(500);
        var peer = AllocatePeer("p1");
        var handler = new ContractPeerHandler("p1");
        await using var serving = await KestrelPeer.StartAsync(peer, handler);
        await using var client = CreateClient(new TransportSetup(ClientSelf, timeout));
        await SendUntilOverTheStreamAsync(client, peer, serving);
        var release = new TaskCompletionSource();
        handler.Stall = release.Task;
        try
        {
            var clock = Stopwatch.StartNew();
            var sends = Enumerable.Range(1, 3).Select(term => client.SendAsync(peer, new VoteRequest("client", term, 0, 0, false), CancellationToken.None)).ToList();

            // The first deadline to pass fails its send and drops the stream; a send whose own deadline is a
            // moment later may then fail first with the stream's closing. Either way none fails before the timeout.
            var noReply = $"no reply from {peer.Id} at {peer.PeerAddress} within 500 ms";
            var closed = $"the stream to {peer.Id} at {peer.PeerAddress} closed";
            var failures = new List<string>();
            foreach (var send in sends)
            {
                var failure = await Assert.ThrowsAsync<TransportException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
                Assert.True(failure.Message.Contains(noReply, StringComparison.Ordinal) || failure.Message.StartsWith(closed, StringComparison.Ordinal), failure.Message);
                Assert.True(clock.Elapsed >= timeout - TimeSpan.FromMilliseconds(50), $"a send gave up after {clock.Elapsed}, before the request timeout: {failure.Message}");
                failures.Add(failure.Message);
            }

            Assert.Contains(failures, m => m.Contains(noReply, StringComparison.Ordinal));
            Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(3), $"the sends gave up only after {clock.Elapsed}");
        }
        finally
        {
            release.TrySetResult();
        }

        // The stream is gone: the next send posts (and a new stream opens in the background once it is worth one).
        handler.Stall = null;
        var posted = serving.Posted;
        await client.SendAsync(peer, new VoteRequest("client", 9, 0, 0, false), CancellationToken.None);
        Assert.Equal(posted + 1, serving.Posted);
    }

    [Fact]
    public async Task A_send_that_stalls_after_answered_ones_on_the_stream_gets_its_own_full_request_timeout()
    {
        // The stream's one deadline timer was armed by the first send; when it fires for that one (answered long
        // since) it must re-arm for the stalled send's own deadline, neither failing it early nor forgetting it.
        var timeout = TimeSpan.FromMilliseconds(800);
        var peer = AllocatePeer("p1");
        var handler = new ContractPeerHandler("p1");
        await using var serving = await KestrelPeer.StartAsync(peer, handler);
        await using var client = CreateClient(new TransportSetup(ClientSelf, timeout));
        await SendUntilOverTheStreamAsync(client, peer, serving);
        await Task.Delay(timeout / 2);
        await client.SendAsync(peer, new VoteRequest("client", 3, 0, 0, false), CancellationToken.None);
        var release = new TaskCompletionSource();
        handler.Stall = release.Task;
        try
        {
            var clock = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<TransportException>(() => client.SendAsync(peer, new VoteRequest("client", 4, 0, 0, false), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

            Assert.Contains("no reply", failure.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed >= timeout - TimeSpan.FromMilliseconds(50), $"the send gave up after {clock.Elapsed}, before its own request timeout");
            Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(3), $"the send gave up only after {clock.Elapsed}");
        }
        finally
        {
            release.TrySetResult();
        }
    }

    // Sends until one goes over the stream (the peer's POST count stays put), and returns that count. A send
    // that meets a stream the peer just closed, before its reader has noticed, is a lost message: sent again.
    private static async Task<int> SendUntilOverTheStreamAsync(ITransport client, Member peer, KestrelPeer serving)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var before = serving.Posted;
            try
            {
                await client.SendAsync(peer, new VoteRequest("client", 2, 0, 0, false), deadline.Token);
                if (serving.Posted == before && serving.Streams > 0)
                {
                    return before;
                }
            }
            catch (TransportException)
            {
            }

            await Task.Delay(10, deadline.Token);
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
