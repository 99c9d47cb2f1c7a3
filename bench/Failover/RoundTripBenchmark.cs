using System.Diagnostics;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;
using DuckDuckGoose.LocalCluster;
using DuckDuckGoose.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// Peer round-trip latency of each transport: a client transport sends heartbeat <see cref="AppendRequest"/>s,
/// one at a time, to a serving peer in this process over loopback TCP (HTTP: the <see cref="HttpTransport"/>
/// client to a Kestrel peer serving <c>POST /raft/message</c>; ZeroMQ: a send-only <see cref="ZeroMqTransport"/>
/// to one bound on a tcp:// port), and each send is timed until its <see cref="AppendResponse"/> is back.
/// With the <c>secret</c> mode the client is the host's <see cref="AuthenticatingTransport"/> (each request
/// signed for the peer, each reply verified) and the peer verifies each request and signs its reply
/// (<see cref="AuthenticatingBenchPeerHandler"/>), as nodes with a cluster secret do. With <c>tls</c> the peer
/// serves https with a certificate from the run's CA and asks for a client certificate, which the client
/// presents (mutual TLS, as between nodes); the connection is kept alive, so the handshake is not timed.
/// Every (transport, security mode) pair is measured in alternating batches, so a burst of load from
/// elsewhere on the machine falls on all of them rather than on one.
/// </summary>
internal sealed class RoundTripBenchmark(FailoverOptions options, BenchCredentials credentials, TextWriter output)
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
                foreach (var security in options.Securities)
                {
                    pairs.Add(await TransportPair.StartAsync(transport, security, credentials, cancellationToken));
                }
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
                                 + string.Join(", ", pairs.Select(p => $"{p.Name} median so far {Us(RoundTripResult.From(p.Transport, p.Security, p.Times, p.Failed).Median)}")));
            }

            return pairs.Select(p => RoundTripResult.From(p.Transport, p.Security, p.Times, p.Failed)).ToList();
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

    /// <summary>A client transport and the serving peer it talks to, in one security mode.</summary>
    private sealed class TransportPair(string transport, string security, ITransport client, Member peer, IAsyncDisposable server, PeerMessageAuthenticator? signer)
        : IAsyncDisposable
    {
        public string Transport { get; } = transport;

        public string Security { get; } = security;

        public string Name => $"{Transport}, {Security}";

        /// <summary>The transport's client, wrapped in the host's signing layer in the secret mode.</summary>
        public ITransport Client { get; } = signer is null ? client : new AuthenticatingTransport(client, signer, NullLogger<AuthenticatingTransport>.Instance);

        public Member Peer { get; } = peer;

        public List<TimeSpan> Times { get; } = [];

        public int Failed { get; set; }

        public static async Task<TransportPair> StartAsync(string transport, string security, BenchCredentials credentials, CancellationToken cancellationToken)
        {
            IPeerMessageHandler handler = new BenchPeerHandler("peer");
            PeerMessageAuthenticator? signer = null;
            if (SecurityModes.UsesSecret(security))
            {
                // Each end signs as and verifies for its own id, as two nodes holding the same secret do.
                var secrets = ClusterSecrets.Parse(credentials.ClusterSecret);
                signer = new PeerMessageAuthenticator(secrets, "bench", TimeProvider.System);
                handler = new AuthenticatingBenchPeerHandler(handler, new PeerMessageAuthenticator(secrets, "peer", TimeProvider.System));
            }

            var self = new Member("bench", $"http://127.0.0.1:{FreePort.Next()}");
            switch (transport)
            {
                case "http":
                {
                    var certificates = credentials.CertificatesFor(security);
                    var peer = new Member("peer", $"{(certificates is null ? "http" : "https")}://127.0.0.1:{FreePort.Next()}");
                    var peerTls = certificates?.ForNode("peer") is { } files ? PeerTls.Load(files.CertificateFile, files.KeyFile, certificates.AuthorityFile) : null;
                    var server = await HttpBenchPeer.StartAsync(peer.Url, handler, peerTls, cancellationToken);
                    var client = new HttpTransport(new TransportSetup(self, RequestTimeout) { Tls = certificates?.Client }, NullLogger<HttpTransport>.Instance);
                    return new TransportPair(transport, security, client, peer, server, signer);
                }

                case "zeromq":
                {
                    var peer = new Member("peer", $"http://127.0.0.1:{FreePort.Next()}", $"tcp://127.0.0.1:{FreePort.Next()}");
                    var server = new ZeroMqTransport(new TransportSetup(peer, RequestTimeout), NullLogger<ZeroMqTransport>.Instance);
                    await server.StartAsync(handler, cancellationToken);
                    // The client has no tcp:// address of its own, so it only sends (binds nothing).
                    var client = new ZeroMqTransport(new TransportSetup(self, RequestTimeout), NullLogger<ZeroMqTransport>.Instance);
                    await client.StartAsync(new BenchPeerHandler("bench"), cancellationToken);
                    return new TransportPair(transport, security, client, peer, server, signer);
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(transport), transport, "Known transports: http, zeromq.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            // The signing layer leaves its inner transport to its owner (in the host, the container): that is this pair.
            await Client.DisposeAsync();
            if (!ReferenceEquals(Client, client))
            {
                await client.DisposeAsync();
            }

            await server.DisposeAsync();
        }
    }
}
