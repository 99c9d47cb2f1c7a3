using System.Collections.Concurrent;
using System.Diagnostics;
using IPAddress = System.Net.IPAddress;
using System.Net.Sockets;
using System.Text;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Sockets;
using Xunit.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// The transport contract for ZeroMQ: both nodes are <see cref="ZeroMqTransport"/>s on 127.0.0.1, in plain
/// text here and with CURVE in <see cref="ZeroMqCurveTransportContractTests"/>.
/// </summary>
public class ZeroMqTransportContractTests(ITestOutputHelper output) : TransportContractSuite(output)
{
    /// <summary>The junk messages below that reach the transport's framing, each counted as garbage.</summary>
    private const int CountedJunk = 9;

    private readonly ConcurrentDictionary<string, ZeroMqTransport> _serving = new();

    protected override Member AllocatePeer(string id) => new(id, "http://127.0.0.1:1", $"tcp://127.0.0.1:{LoopbackPorts.Free()}");

    protected override async Task<IAsyncDisposable> ServeAsync(Member peer, IPeerMessageHandler handler)
    {
        var node = new ZeroMqTransport(ServerContext(peer), NullLogger<ZeroMqTransport>.Instance);
        await node.StartAsync(handler, CancellationToken.None);
        _serving[peer.PeerAddress] = node;
        return node;
    }

    protected override ITransport CreateClient(TransportSetup context) =>
        new ZeroMqTransport(context, NullLogger<ZeroMqTransport>.Instance);

    /// <summary>What the serving node of <paramref name="peer"/> is given.</summary>
    protected virtual TransportSetup ServerContext(Member peer) => new(peer, LongTimeout);

    /// <summary>Makes a raw socket able to talk to the serving node of <paramref name="peer"/> (CURVE, where it needs it).</summary>
    protected virtual void Prepare(DealerSocket socket, Member peer)
    {
    }

    protected override int? PendingRequests(ITransport client) => ((ZeroMqTransport)client).Counters.Pending;

    protected override async Task SendGarbageAsync(Member peer, CancellationToken cancellationToken)
    {
        var node = _serving[peer.PeerAddress];
        var before = node.Counters.Garbage;
        using (var junk = new DealerSocket())
        {
            junk.Options.Linger = TimeSpan.FromSeconds(1);
            Prepare(junk, peer);
            junk.Connect(Endpoint(peer));
            junk.SendFrame("hello");
            junk.SendFrameEmpty();
            junk.SendFrame(ZeroMqFrames.Header(ZeroMqFrames.Request, 1));
            junk.SendMoreFrame([1, 2, 3]).SendFrame("{}");
            junk.SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Reply, 2)).SendFrame(Json(Vote(9)));
            junk.SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Request, 3)).SendFrame("not json");
            junk.SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Request, 4)).SendFrame("{\"type\":\"no-such-message\",\"from\":\"x\"}");
            junk.SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Request, 5)).SendFrame("null");
            junk.SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Request, 6)).SendMoreFrame(Json(Vote(9))).SendFrame("extra");
            await WaitForAsync(() => node.Counters.Garbage - before >= CountedJunk, "garbage counted", () => node.Counters, cancellationToken);
        }

        // Past the frame cap NetMQ drops the sender's connection before allocating the frame, so the transport
        // never sees it (and cannot count it); the node must simply carry on.
        using (var oversized = new DealerSocket())
        {
            oversized.Options.Linger = TimeSpan.FromSeconds(1);
            Prepare(oversized, peer);
            oversized.Connect(Endpoint(peer));
            oversized.SendMoreFrame(ZeroMqFrames.Header(ZeroMqFrames.Request, 7)).SendFrame(new byte[ZeroMqFrames.MaxBodyBytes + 1]);
        }

        // Bytes that are not ZMTP at all fail the handshake inside NetMQ.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(peer.PeerAddress).Port, cancellationToken);
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n\0\0\0\xff\xff garbage"), cancellationToken);
        Assert.Equal(CountedJunk, node.Counters.Garbage - before);
    }

    /// <summary>The <c>tcp://host:port</c> part of a peer address, which is all NetMQ takes.</summary>
    internal static string Endpoint(Member peer) => peer.PeerAddress.Split('?')[0];

    internal static async Task WaitForAsync(Func<bool> condition, string what, Func<object> seen, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (cancellationToken.IsCancellationRequested || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"timed out after {clock.Elapsed} waiting for {what}; saw {seen()}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }
}
