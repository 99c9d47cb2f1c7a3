using System.Diagnostics;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;
using DuckDuckGoose.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// Peer round-trip latency of each transport: a client transport sends heartbeat <see cref="AppendRequest"/>s,
/// one at a time, to a serving peer in this process over loopback TCP (HTTP: the <see cref="HttpTransport"/>
/// client to a Kestrel peer serving <c>POST /raft/message</c>; ZeroMQ: a send-only <see cref="ZeroMqTransport"/>
/// to one bound on a tcp:// port), and each send is timed until its <see cref="AppendResponse"/> is back.
/// The transports are measured in alternating batches, so a burst of load from elsewhere on the machine
/// falls on both rather than on one.
/// </summary>
internal sealed class RoundTripBenchmark(FailoverOptions options, TextWriter output)
{
    private const int Batches = 5;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<RoundTripResult>> RunAsync(CancellationToken cancellationToken)
    {
        var pairs = new List<TransportPair>();
        try
        {
            foreach (var transport in options.Transports)
            {
                pairs.Add(await TransportPair.StartAsync(transport, cancellationToken));
            }

            foreach (var pair in pairs)
            {
                output.WriteLine($"[round trip {pair.Name}] warming up with {options.WarmupRoundTrips} round trips to {pair.Peer.PeerAddress}");
                await TimeAsync(pair, options.WarmupRoundTrips, cancellationToken);
            }

            var perBatch = Math.Max(1, options.RoundTrips / Batches);
            for (var batch = 1; batch <= Batches; batch++)
            {
                foreach (var pair in pairs)
                {
                    var (times, failed) = await TimeAsync(pair, perBatch, cancellationToken);
                    pair.Times.AddRange(times);
                    pair.Failed += failed;
                }

                output.WriteLine($"[round trip] batch {batch}/{Batches} done: "
                                 + string.Join(", ", pairs.Select(p => $"{p.Name} median so far {Us(RoundTripResult.From(p.Name, p.Times, p.Failed).Median)}")));
            }

            return pairs.Select(p => RoundTripResult.From(p.Name, p.Times, p.Failed)).ToList();
        }
        finally
        {
            foreach (var pair in pairs)
            {
                await pair.DisposeAsync();
            }
        }
    }

    internal static string Us(TimeSpan time) => $"{time.TotalMicroseconds:0} µs";

    private static async Task<(List<TimeSpan> Times, int Failed)> TimeAsync(TransportPair pair, int count, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>(count);
        var failed = 0;
        for (var round = 1; round <= count; round++)
        {
            var heartbeat = new AppendRequest("bench", Term: 1, Round: round, PrevLogIndex: 0, PrevLogTerm: 0, Entries: [], CommitIndex: 0, Snapshot: null);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var reply = await pair.Client.SendAsync(pair.Peer, heartbeat, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (reply is AppendResponse { Success: true } response && response.Round == round)
                {
                    times.Add(elapsed);
                }
                else
                {
                    failed++;
                }
            }
            catch (TransportException)
            {
                failed++;
            }
        }

        return (times, failed);
    }

    /// <summary>A client transport and the serving peer it talks to.</summary>
    private sealed class TransportPair(string name, ITransport client, Member peer, IAsyncDisposable server) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public ITransport Client { get; } = client;

        public Member Peer { get; } = peer;

        public List<TimeSpan> Times { get; } = [];

        public int Failed { get; set; }

        public static async Task<TransportPair> StartAsync(string transport, CancellationToken cancellationToken)
        {
            var handler = new BenchPeerHandler("peer");
            var self = new Member("bench", $"http://127.0.0.1:{FreePort.Next()}");
            switch (transport)
            {
                case "http":
                {
                    var peer = new Member("peer", $"http://127.0.0.1:{FreePort.Next()}");
                    var server = await HttpBenchPeer.StartAsync(peer.Url, handler, cancellationToken);
                    var client = new HttpTransport(new TransportContext(self, RequestTimeout), NullLogger<HttpTransport>.Instance);
                    return new TransportPair(transport, client, peer, server);
                }

                case "zeromq":
                {
                    var peer = new Member("peer", $"http://127.0.0.1:{FreePort.Next()}", $"tcp://127.0.0.1:{FreePort.Next()}");
                    var server = new ZeroMqTransport(new TransportContext(peer, RequestTimeout), NullLogger<ZeroMqTransport>.Instance);
                    await server.StartAsync(handler, cancellationToken);
                    // The client has no tcp:// address of its own, so it only sends (binds nothing).
                    var client = new ZeroMqTransport(new TransportContext(self, RequestTimeout), NullLogger<ZeroMqTransport>.Instance);
                    await client.StartAsync(new BenchPeerHandler("bench"), cancellationToken);
                    return new TransportPair(transport, client, peer, server);
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(transport), transport, "Known transports: http, zeromq.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await server.DisposeAsync();
        }
    }
}
