using System.Diagnostics;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// What every <see cref="ITransport"/> must do, run once per implementation (subclass and create the
/// transport): deliver each message kind and return the peer's reply, turn every failure into a
/// <see cref="TransportException"/> within the request timeout, and report the caller's cancellation as
/// cancellation. Peers are WireMock.Net fakes on 127.0.0.1.
/// </summary>
public abstract class TransportContractTests
{
    /// <summary>Far beyond any timeout used here, far below what a hung send would take.</summary>
    protected static readonly TimeSpan GenerousBound = TimeSpan.FromSeconds(5);

    protected static readonly Member Self = new("self", "http://127.0.0.1:1");

    protected abstract ITransport CreateTransport(TransportSetup context);

    protected ITransport CreateTransport(TimeSpan requestTimeout) => CreateTransport(new TransportSetup(Self, requestTimeout));

    [Theory]
    [InlineData("vote")]
    [InlineData("pre-vote")]
    [InlineData("append")]
    [InlineData("heartbeat")]
    [InlineData("transfer-vote")]
    [InlineData("timeout-now")]
    [InlineData("timeout-now-refused")]
    public async Task Each_message_kind_reaches_the_peer_and_its_reply_comes_back(string kind)
    {
        var (request, reply) = Exchange(kind);
        using var peer = FakePeer.Start("p1", _ => reply);
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        var answer = await transport.SendAsync(peer.Member, request, CancellationToken.None);

        Assert.Equal(Json(reply), Json(answer));
        Assert.Equal(reply.GetType(), answer.GetType());
        var received = Assert.Single(peer.Received);
        Assert.Equal(Json(request), Json(received));
    }

    [Fact]
    public async Task A_reply_of_an_unexpected_kind_is_returned_as_is_for_the_core_to_judge()
    {
        var unexpected = new AppendResponse("p1", 3, 9, true, 4);
        using var peer = FakePeer.Start("p1", _ => unexpected);
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        var answer = await transport.SendAsync(peer.Member, new VoteRequest("self", 3, 0, 0, false), CancellationToken.None);

        Assert.Equal(unexpected, answer);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(400)]
    public async Task An_error_status_is_a_transport_exception(int status)
    {
        using var peer = FakePeer.Start("p1", _ => throw new InvalidOperationException("unused"));
        peer.AnswerStatus(status);
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage, not JSON")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"no-such-message\",\"from\":\"p1\"}")]
    [InlineData("{\"from\":\"p1\",\"term\":1}")]
    [InlineData("{\"type\":\"vote-response\",\"from\":\"p1\",\"term\":\"one\"}")]
    public async Task A_body_that_is_not_a_peer_message_is_a_transport_exception(string body)
    {
        using var peer = FakePeer.Start("p1", _ => throw new InvalidOperationException("unused"));
        peer.AnswerBody(body);
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
    }

    [Fact]
    public async Task A_peer_slower_than_the_request_timeout_is_a_transport_exception_not_a_hang()
    {
        using var peer = FakePeer.Start("p1", _ => throw new InvalidOperationException("unused"));
        peer.AnswerAfter(TimeSpan.FromSeconds(30), m => new VoteResponse("p1", 1, true, false));
        await using var transport = CreateTransport(TimeSpan.FromMilliseconds(250));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));

        Assert.True(clock.Elapsed < GenerousBound, $"the send gave up only after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_exception()
    {
        var nobody = new Member("gone", $"http://127.0.0.1:{FakePeer.UnusedLoopbackPort()}");
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(nobody, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_during_a_send_is_cancellation_not_a_transport_exception()
    {
        using var peer = FakePeer.Start("p1", _ => throw new InvalidOperationException("unused"));
        peer.AnswerAfter(TimeSpan.FromSeconds(30), m => new VoteResponse("p1", 1, true, false));
        await using var transport = CreateTransport(TimeSpan.FromSeconds(60));
        using var caller = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var send = transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), caller.Token);
        caller.CancelAfter(TimeSpan.FromMilliseconds(100));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Equal(caller.Token, thrown.CancellationToken);
        Assert.True(clock.Elapsed < GenerousBound, $"the send stopped only after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_send_with_an_already_cancelled_token_is_cancelled()
    {
        using var peer = FakePeer.Start("p1", _ => new VoteResponse("p1", 1, true, false));
        await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Concurrent_sends_to_several_peers_each_get_their_own_reply()
    {
        var peers = Enumerable.Range(1, 4)
            .Select(i => FakePeer.Start($"p{i}", m => new VoteResponse($"p{i}", ((RaftMessage)m).Term, i % 2 == 0, false)))
            .ToList();
        try
        {
            await using var transport = CreateTransport(TimeSpan.FromSeconds(5));

            var replies = await Task.WhenAll(peers.Select(
                p => transport.SendAsync(p.Member, new VoteRequest("self", 7, 0, 0, false), CancellationToken.None)));

            Assert.Equal(
                peers.Select((p, i) => new VoteResponse(p.Id, 7, (i + 1) % 2 == 0, false)),
                replies.Cast<VoteResponse>());
        }
        finally
        {
            peers.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_send_after_dispose_is_a_transport_exception()
    {
        using var peer = FakePeer.Start("p1", _ => new VoteResponse("p1", 1, true, false));
        var transport = CreateTransport(TimeSpan.FromSeconds(5));
        await transport.DisposeAsync();

        await Assert.ThrowsAsync<TransportException>(
            () => transport.SendAsync(peer.Member, new VoteRequest("self", 1, 0, 0, false), CancellationToken.None));
    }

    private static (PeerMessage Request, PeerMessage Reply) Exchange(string kind) => kind switch
    {
        "vote" => (new VoteRequest("self", 4, 2, 3, false), new VoteResponse("p1", 4, true, false)),
        "pre-vote" => (new VoteRequest("self", 5, 2, 3, true), new VoteResponse("p1", 4, false, true)),
        "transfer-vote" => (new VoteRequest("self", 6, 2, 3, false, Transfer: true), new VoteResponse("p1", 6, true, false)),
        "timeout-now" => (new TimeoutNowRequest("self", 4, 3), new TimeoutNowResponse("p1", 5, true, null)),
        "timeout-now-refused" => (new TimeoutNowRequest("self", 4, 3), new TimeoutNowResponse("p1", 4, false, "p1 follows no Goose in term 4")),
        "append" => (
            new AppendRequest("self", 4, 11, 1, 0, [new LogEntry(2, 4, null), new LogEntry(3, 4, [Self, new Member("p1", "http://127.0.0.1:2")])], 1, new Snapshot(1, 0, [Self])),
            new AppendResponse("p1", 4, 11, true, 3)),
        "heartbeat" => (new AppendRequest("self", 4, 12, 3, 4, [], 3, null), new AppendResponse("p1", 4, 12, false, 2)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown exchange"),
    };

    private static string Json(PeerMessage message) => JsonSerializer.Serialize(message, PeerJsonContext.Default.PeerMessage);
}
