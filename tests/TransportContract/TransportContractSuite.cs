using System.Diagnostics;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using Xunit;
using Xunit.Abstractions;

namespace DuckDuckGoose.TransportContract;

/// <summary>
/// What every <see cref="ITransport"/> must do between two real nodes, whatever carries the bytes (dotNext's
/// one abstract transport suite, run once per transport). A transport's test project subclasses this and says
/// how to make a node of each side: <see cref="CreateClient"/> (the sending node's transport) and
/// <see cref="ServeAsync"/> (a node serving <see cref="AllocatePeer"/>'s address with a given handler), plus
/// <see cref="SendGarbageAsync"/> (raw junk in the transport's own wire format). Nodes listen on loopback only.
/// Real sockets and real time are the point here, so waits are on conditions with generous deadlines.
/// </summary>
public abstract class TransportContractSuite
{
    /// <summary>Far beyond any timeout used here, far below what a hung send would take.</summary>
    protected static readonly TimeSpan GenerousBound = TimeSpan.FromSeconds(10);

    /// <summary>The request timeout of tests that expect a send to give up.</summary>
    protected static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>The request timeout of tests that expect every send to succeed.</summary>
    protected static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(10);

    private readonly ITestOutputHelper? _output;

    protected TransportContractSuite(ITestOutputHelper? output = null) => _output = output;

    /// <summary>The client node; it only sends, so nothing needs to serve its address.</summary>
    protected virtual Member ClientSelf => new("client", "http://127.0.0.1:1");

    /// <summary>A member whose peer address is fresh (a free loopback port) and not served yet.</summary>
    protected abstract Member AllocatePeer(string id);

    /// <summary>
    /// Starts a node serving <paramref name="peer"/>'s peer address that hands every message to
    /// <paramref name="handler"/>. Disposing it stops the node and frees the address.
    /// </summary>
    protected abstract Task<IAsyncDisposable> ServeAsync(Member peer, IPeerMessageHandler handler);

    /// <summary>The sending node's transport, started and ready to send.</summary>
    protected abstract ITransport CreateClient(TransportSetup context);

    /// <summary>
    /// Throws junk at the node serving <paramref name="peer"/> in this transport's own wire format (malformed,
    /// truncated, oversized) and returns once the node has had it (a transport without a wire sends nothing).
    /// </summary>
    protected abstract Task SendGarbageAsync(Member peer, CancellationToken cancellationToken);

    /// <summary>Requests the client still holds waiting for a reply, if the transport can tell.</summary>
    protected virtual int? PendingRequests(ITransport client) => null;

    [Theory]
    [InlineData("vote")]
    [InlineData("pre-vote")]
    [InlineData("transfer-vote")]
    [InlineData("append")]
    [InlineData("heartbeat")]
    [InlineData("timeout-now")]
    [InlineData("timeout-now-refused")]
    public async Task Each_message_kind_reaches_the_peer_and_its_reply_comes_back(string kind)
    {
        var (request, reply) = Exchange(kind);
        var peer = AllocatePeer("p1");
        var handler = new ContractPeerHandler("p1", _ => reply);
        await using var node = await ServeAsync(peer, handler);
        await using var client = CreateClient(LongTimeout);

        var answer = await client.SendAsync(peer, request, CancellationToken.None);

        Assert.Equal(reply.GetType(), answer.GetType());
        Assert.Equal(Json(reply), Json(answer));
        Assert.Equal(Json(request), Json(Assert.Single(handler.Received)));
    }

    [Fact]
    public async Task A_peer_that_is_down_is_a_transport_exception_within_the_request_timeout()
    {
        var nobody = AllocatePeer("gone");
        await using var client = CreateClient(ShortTimeout);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TransportException>(() => client.SendAsync(nobody, Vote(1), CancellationToken.None));

        Assert.True(clock.Elapsed < ShortTimeout + TimeSpan.FromSeconds(2), $"the send gave up only after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_peer_that_comes_back_is_reached_again_by_the_same_client()
    {
        var peer = AllocatePeer("p1");
        var handler = new ContractPeerHandler("p1");
        await using var client = CreateClient(ShortTimeout);
        var first = await ServeAsync(peer, handler);
        // The client's timeout is short, so a cold first connection on a busy machine may take a retry.
        var (before, tries, failure) = await SendUntilAnsweredAsync(client, peer, Vote(2));
        Assert.True(before is VoteResponse { Term: 2 }, $"the peer was up but {tries} sends got no reply; last failure: {failure}");

        await first.DisposeAsync();
        await Assert.ThrowsAsync<TransportException>(() => client.SendAsync(peer, Vote(3), CancellationToken.None));

        await using var again = await ServeAsync(peer, handler);
        var (reply, attempts, last) = await SendUntilAnsweredAsync(client, peer, Vote(4));
        Assert.True(reply is VoteResponse { Term: 4 }, $"the peer came back but {attempts} sends within {GenerousBound} got no reply; last failure: {last}");
    }

    [Fact]
    public async Task A_slow_peer_is_a_transport_exception_once_the_request_timeout_passes()
    {
        var peer = AllocatePeer("p1");
        var release = new TaskCompletionSource();
        var handler = new ContractPeerHandler("p1") { Stall = release.Task };
        await using var node = await ServeAsync(peer, handler);
        await using var client = CreateClient(ShortTimeout);
        try
        {
            var clock = Stopwatch.StartNew();

            await Assert.ThrowsAsync<TransportException>(() => client.SendAsync(peer, Vote(1), CancellationToken.None));

            Assert.True(clock.Elapsed >= ShortTimeout - TimeSpan.FromMilliseconds(50), $"the send gave up after {clock.Elapsed}, before the request timeout");
            Assert.True(clock.Elapsed < ShortTimeout + TimeSpan.FromSeconds(2), $"the send gave up only after {clock.Elapsed}");
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Cancellation_by_the_caller_during_a_slow_send_is_cancellation_not_a_transport_exception()
    {
        var peer = AllocatePeer("p1");
        var release = new TaskCompletionSource();
        var handler = new ContractPeerHandler("p1") { Stall = release.Task };
        await using var node = await ServeAsync(peer, handler);
        await using var client = CreateClient(TimeSpan.FromSeconds(60));
        using var caller = new CancellationTokenSource();
        try
        {
            var clock = Stopwatch.StartNew();
            var send = client.SendAsync(peer, Vote(1), caller.Token);
            caller.CancelAfter(TimeSpan.FromMilliseconds(100));

            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);

            Assert.Equal(caller.Token, thrown.CancellationToken);
            Assert.True(clock.Elapsed < GenerousBound, $"the send stopped only after {clock.Elapsed}");
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Concurrent_sends_each_get_the_reply_to_their_own_request()
    {
        var peer = AllocatePeer("p1");
        await using var node = await ServeAsync(peer, new ContractPeerHandler("p1"));
        await using var client = CreateClient(LongTimeout);

        var sends = Enumerable.Range(1, 200).Select(async term =>
            (Term: term, Reply: await client.SendAsync(peer, Vote(term), CancellationToken.None)));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.Equal(new VoteResponse("p1", r.Term, r.Term % 2 == 0, false), r.Reply));
    }

    [Fact]
    public async Task Many_sends_leave_no_growth_in_memory_and_no_pending_requests()
    {
        const int WarmUp = 2_000;
        const int Measured = 20_000;
        const long Bound = 8 * 1024 * 1024;
        var peer = AllocatePeer("p1");
        var handler = new ContractPeerHandler("p1") { Record = false };
        await using var node = await ServeAsync(peer, handler);
        await using var client = CreateClient(LongTimeout);

        await SendManyAsync(client, peer, WarmUp);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await SendManyAsync(client, peer, Measured);
        var elapsed = clock.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        _output?.WriteLine($"{Measured} sends in {elapsed.TotalMilliseconds:F0} ms; managed heap {before / 1024} KiB before, {after / 1024} KiB after ({(after - before) / 1024} KiB growth)");
        Assert.Equal(WarmUp + Measured, handler.Handled);
        Assert.True(after - before < Bound, $"the heap grew by {(after - before) / 1024} KiB over {Measured} sends (bound {Bound / 1024} KiB)");
        if (PendingRequests(client) is { } pending)
        {
            Assert.Equal(0, pending);
        }
    }

    [Fact]
    public async Task Garbage_input_is_dropped_and_the_peer_keeps_serving()
    {
        var peer = AllocatePeer("p1");
        var handler = new ContractPeerHandler("p1");
        await using var node = await ServeAsync(peer, handler);
        await using var client = CreateClient(LongTimeout);
        await client.SendAsync(peer, Vote(1), CancellationToken.None);

        using (var deadline = new CancellationTokenSource(GenerousBound))
        {
            await SendGarbageAsync(peer, deadline.Token);
        }

        var reply = await client.SendAsync(peer, Vote(2), CancellationToken.None);
        Assert.Equal(new VoteResponse("p1", 2, true, false), reply);
        Assert.Equal([Json(Vote(1)), Json(Vote(2))], handler.Received.Select(Json));
    }

    [Fact]
    public async Task Disposing_a_serving_node_releases_its_address_for_a_new_one()
    {
        var peer = AllocatePeer("p1");
        await using var client = CreateClient(LongTimeout);
        var first = await ServeAsync(peer, new ContractPeerHandler("p1"));
        await client.SendAsync(peer, Vote(1), CancellationToken.None);

        await first.DisposeAsync();
        var successor = new ContractPeerHandler("p1");
        await using var second = await ServeAsync(peer, successor);

        var (reply, attempts, last) = await SendUntilAnsweredAsync(client, peer, Vote(2));
        Assert.True(reply is VoteResponse { Term: 2 }, $"the new node bound the address but {attempts} sends got no reply; last failure: {last}");
        Assert.Contains(successor.Received, m => m is VoteRequest { Term: 2 });
    }

    [Fact]
    public async Task A_send_after_the_client_is_disposed_is_a_transport_exception()
    {
        var peer = AllocatePeer("p1");
        await using var node = await ServeAsync(peer, new ContractPeerHandler("p1"));
        var client = CreateClient(LongTimeout);
        await client.SendAsync(peer, Vote(1), CancellationToken.None);

        await client.DisposeAsync();

        await Assert.ThrowsAsync<TransportException>(() => client.SendAsync(peer, Vote(2), CancellationToken.None));
    }

    protected ITransport CreateClient(TimeSpan requestTimeout) => CreateClient(new TransportSetup(ClientSelf, requestTimeout));

    protected static VoteRequest Vote(long term) => new("client", term, 0, 0, false);

    protected static string Json(PeerMessage message) => JsonSerializer.Serialize(message, PeerJsonContext.Default.PeerMessage);

    /// <summary>Sends with the client's short timeout until one is answered or <see cref="GenerousBound"/> passes.</summary>
    private static async Task<(PeerMessage? Reply, int Attempts, Exception? Last)> SendUntilAnsweredAsync(ITransport client, Member peer, PeerMessage message)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        Exception? last = null;
        while (clock.Elapsed < GenerousBound)
        {
            attempts++;
            try
            {
                return (await client.SendAsync(peer, message, CancellationToken.None), attempts, last);
            }
            catch (TransportException e)
            {
                last = e;
            }
        }

        return (null, attempts, last);
    }

    /// <summary>Sends <paramref name="count"/> votes, 16 at a time, and checks every reply.</summary>
    private static async Task SendManyAsync(ITransport client, Member peer, int count)
    {
        const int Parallel = 16;
        for (var start = 0; start < count; start += Parallel)
        {
            var batch = Enumerable.Range(start, Math.Min(Parallel, count - start))
                .Select(i => client.SendAsync(peer, Vote(i), CancellationToken.None));
            foreach (var reply in await Task.WhenAll(batch))
            {
                Assert.IsType<VoteResponse>(reply);
            }
        }
    }

    private static (PeerMessage Request, PeerMessage Reply) Exchange(string kind)
    {
        var client = new Member("client", "http://127.0.0.1:1");
        return kind switch
        {
            "vote" => (new VoteRequest("client", 4, 2, 3, false), new VoteResponse("p1", 4, true, false)),
            "pre-vote" => (new VoteRequest("client", 5, 2, 3, true), new VoteResponse("p1", 4, false, true)),
            "transfer-vote" => (new VoteRequest("client", 6, 2, 3, false, Transfer: true), new VoteResponse("p1", 6, true, false)),
            "timeout-now" => (new TimeoutNowRequest("client", 4, 3), new TimeoutNowResponse("p1", 5, true, null)),
            "timeout-now-refused" => (new TimeoutNowRequest("client", 4, 3), new TimeoutNowResponse("p1", 4, false, "p1 follows no Goose in term 4")),
            "append" => (
                new AppendRequest("client", 4, 11, 1, 0, [new LogEntry(2, 4, null), new LogEntry(3, 4, [client, new Member("p1", "http://127.0.0.1:2", "tcp://127.0.0.1:3")])], 1, new Snapshot(1, 0, [client])),
                new AppendResponse("p1", 4, 11, true, 3)),
            "heartbeat" => (new AppendRequest("client", 4, 12, 3, 4, [], 3, null), new AppendResponse("p1", 4, 12, false, 2)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown exchange"),
        };
    }
}
