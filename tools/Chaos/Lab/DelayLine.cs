using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using DuckDuckGoose.Chaos.Faults;
using DuckDuckGoose.Chaos.Probing;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// A user-space delay line, because this kernel has no <c>sch_netem</c>: one TCP listener on the bridge per
/// ordered pair of nodes (<see cref="LabAddresses.DelayLinePort"/>). While a link is slowed, the source node's
/// nftables DNAT sends its connections to the peer here (<see cref="NftRuleset"/>); each accepted
/// connection is relayed to the peer's real address, and every chunk read from either side is written to the
/// other only after the link's <see cref="LinkImpairment"/>: its delay plus jitter, in order; with the loss
/// chance, held back for a retransmission timeout with everything behind it (what an application sees of a
/// lost segment); with the reset chance, the connection is reset on both sides. When the link is healed its
/// relayed connections are reset, so the node reconnects directly. A reset reaches the peer as an RST and
/// the source node through <see cref="NodeSockets"/> (<c>ss -K</c> on its socket), because the node's
/// conntrack drops an RST coming back through the DNAT; a peer that refuses or resets the relay's own
/// connection is passed on to the node as a FIN (which does get through), and a graceful close as a FIN.
/// It does not emulate bandwidth limits, reordering, duplication or partial segments: TCP would hide the
/// last three, and the messages here are small.
/// </summary>
public sealed class DelayLine : IAsyncDisposable
{
    private readonly Dictionary<Link, DelayedLink> _links = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly RunClock _clock;
    private long _connections;
    private long _chunks;
    private long _held;
    private long _resets;
    private long _nodeSideResets;
    private long _nodeSideResetFailures;

    /// <summary>A delay line for every ordered pair of <paramref name="nodeCount"/> nodes; <paramref name="seed"/> makes its draws repeatable per connection.</summary>
    public DelayLine(int nodeCount, int seed, RunClock clock)
    {
        _clock = clock;
        for (var from = 0; from < nodeCount; from++)
        {
            for (var to = 0; to < nodeCount; to++)
            {
                if (from != to)
                {
                    var link = new Link(from, to);
                    _links[link] = new DelayedLink(this, link, Mix(seed, from, to));
                }
            }
        }
    }

    /// <summary>A one-line summary of what the delay line did.</summary>
    public string Describe() =>
        $"{Interlocked.Read(ref _connections)} connections relayed, {Interlocked.Read(ref _chunks)} chunks, "
        + $"{Interlocked.Read(ref _held)} held back for an RTO, {Interlocked.Read(ref _resets)} connections reset by loss, "
        + $"{Interlocked.Read(ref _nodeSideResets)} node-side sockets aborted with ss -K"
        + (Interlocked.Read(ref _nodeSideResetFailures) > 0 ? $" ({Interlocked.Read(ref _nodeSideResetFailures)} ss -K calls failed: those nodes noticed only at their request timeout)" : "");

    /// <summary>Binds every pair's listener on the bridge address; must run inside the bridge namespace.</summary>
    public void Start()
    {
        foreach (var link in _links.Values)
        {
            link.Start(_stopping.Token);
        }
    }

    /// <summary>
    /// Sets what the link does from now on, for connections already relayed too. Set it before loading the
    /// DNAT rule that sends connections here.
    /// </summary>
    public void Configure(Link link, LinkImpairment impairment) => _links[link].Configure(impairment);

    /// <summary>Heals the link: resets its relayed connections on both sides, so the node reconnects directly. Call it after removing the DNAT rule.</summary>
    public Task HealAsync(Link link) => _links[link].HealAsync(_stopping.Token);

    /// <summary>Closes every listener and connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var link in _links.Values)
        {
            link.Dispose();
        }

        // The stopping token is not disposed: relays still winding down may read it.
    }

    // Not HashCode.Combine: that is seeded per process, and these draws must repeat from run to run.
    private static int Mix(int a, int b, int c) => unchecked((((a * 1_000_003) + b) * 1_000_003) + c);

    private static void Abort(Socket socket)
    {
        try
        {
            // Linger 0: close sends RST, as a broken connection would.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing to reset.
        }

        socket.Dispose();
    }

    private async Task ResetNodeSideAsync(Link link, IReadOnlyCollection<int> ports, CancellationToken cancellationToken)
    {
        try
        {
            var done = await NodeSockets.AbortAsync(link.From, link.To, ports, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref done ? ref _nodeSideResets : ref _nodeSideResetFailures, done ? ports.Count : 1);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Stopping, or ss could not run: the node notices at its own timeout, as with a silent peer.
            Interlocked.Increment(ref _nodeSideResetFailures);
        }
    }

    private sealed class DelayedLink : IDisposable
    {
        private readonly DelayLine _line;
        private readonly Link _link;
        private readonly int _seed;
        private readonly Lock _gate = new();
        private readonly HashSet<Relay> _relays = [];
        private Socket? _listener;
        private int _relayCount;

        public DelayedLink(DelayLine line, Link link, int seed)
        {
            _line = line;
            _link = link;
            _seed = seed;
        }

        public LinkImpairment? Impairment { get; private set; }

        public void Start(CancellationToken stopping)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Parse(LabAddresses.BridgeAddress), LabAddresses.DelayLinePort(_link.From, _link.To)));
            listener.Listen(128);
            _listener = listener;
            _ = AcceptLoopAsync(listener, stopping);
        }

        public void Configure(LinkImpairment impairment)
        {
            lock (_gate)
            {
                Impairment = impairment;
            }
        }

        public async Task HealAsync(CancellationToken stopping)
        {
            List<Relay> relays;
            lock (_gate)
            {
                Impairment = null;
                relays = [.. _relays];
                foreach (var relay in relays)
                {
                    relay.NodeSideHandled = true;
                }
            }

            // The node's side first, so it sees the reset now rather than after the relay's own teardown.
            await _line.ResetNodeSideAsync(_link, relays.Select(r => r.ClientPort).ToList(), stopping).ConfigureAwait(false);
            foreach (var relay in relays)
            {
                relay.Abort();
            }
        }

        public void Dispose()
        {
            _listener?.Dispose();
            List<Relay> relays;
            lock (_gate)
            {
                Impairment = null;
                relays = [.. _relays];
            }

            foreach (var relay in relays)
            {
                relay.Abort();
            }
        }

        private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = RelayAsync(client, stopping);
            }
        }

        private async Task RelayAsync(Socket client, CancellationToken stopping)
        {
            var relay = new Relay(client);
            lock (_gate)
            {
                _relays.Add(relay);
            }

            Interlocked.Increment(ref _line._connections);
            var number = Interlocked.Increment(ref _relayCount);
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(stopping, relay.Token);
            try
            {
                // A connection that got here as the link was healed: closed (below), so it reconnects directly.
                if (Impairment is null)
                {
                    return;
                }

                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ends.Token);
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(1));
                await relay.Upstream.ConnectAsync(
                    new IPEndPoint(IPAddress.Parse(LabAddresses.NodeAddress(_link.To)), LabAddresses.NodePort), connectTimeout.Token).ConfigureAwait(false);
                await Task.WhenAll(
                        PumpAsync(relay.Client, relay.Upstream, new Random(Mix(_seed, number, 1)), relay, ends.Token),
                        PumpAsync(relay.Upstream, relay.Client, new Random(Mix(_seed, number, 2)), relay, ends.Token))
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or ChannelClosedException)
            {
                // Refused, reset, healed or stopping: either way this relay is over.
            }
            finally
            {
                bool nodeSideOpen;
                lock (_gate)
                {
                    _relays.Remove(relay);
                    nodeSideOpen = !relay.ClientClosed && !relay.NodeSideHandled && !stopping.IsCancellationRequested;
                }

                if (nodeSideOpen && relay.ResetByLoss)
                {
                    relay.Abort();
                    await _line.ResetNodeSideAsync(_link, [relay.ClientPort], stopping).ConfigureAwait(false);
                }
                else
                {
                    // Refused or reset by the peer: a FIN gets through to the node (an RST would not), so it
                    // fails its request at once, as a refused connection would, without a process per relay.
                    relay.Close(gracefullyToNode: nodeSideOpen);
                }
            }
        }

        // Reads chunks from one side, stamps each with its release time, and writes it to the other side then.
        private async Task PumpAsync(Socket from, Socket to, Random random, Relay relay, CancellationToken cancellationToken)
        {
            var queue = Channel.CreateUnbounded<(byte[] Data, double ReleaseAt)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var writer = WriteAsync(queue.Reader, to, cancellationToken);
            var buffer = new byte[64 * 1024];
            var lastRelease = 0.0;
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        if (from == relay.Client)
                        {
                            relay.ClientClosed = true;
                        }

                        break;
                    }

                    if (Impairment is not { } impairment)
                    {
                        relay.Abort();
                        return;
                    }

                    Interlocked.Increment(ref _line._chunks);
                    if (random.NextDouble() * 100 < impairment.ResetPercent)
                    {
                        Interlocked.Increment(ref _line._resets);
                        relay.ResetByLoss = true;
                        relay.Abort();
                        return;
                    }

                    var release = _line._clock.NowMs + impairment.DelayMs + (random.NextDouble() * impairment.JitterMs);
                    if (random.NextDouble() * 100 < impairment.LossPercent)
                    {
                        Interlocked.Increment(ref _line._held);
                        release += impairment.RtoMinMs + (random.NextDouble() * (impairment.RtoMaxMs - impairment.RtoMinMs));
                    }

                    // In order, as TCP delivers: nothing overtakes a chunk held back before it.
                    lastRelease = Math.Max(release, lastRelease);
                    queue.Writer.TryWrite((buffer.AsSpan(0, read).ToArray(), lastRelease));
                }
            }
            finally
            {
                queue.Writer.TryComplete();
            }

            await writer.ConfigureAwait(false);
            to.Shutdown(SocketShutdown.Send);
        }

        private async Task WriteAsync(ChannelReader<(byte[] Data, double ReleaseAt)> queue, Socket to, CancellationToken cancellationToken)
        {
            await foreach (var (data, releaseAt) in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var wait = releaseAt - _line._clock.NowMs;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
                }

                await to.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class Relay
    {
        private readonly CancellationTokenSource _aborted = new();
        private int _abortedOnce;

        public Relay(Socket client)
        {
            Client = client;
            ClientPort = client.RemoteEndPoint is IPEndPoint remote ? remote.Port : 0;
            Upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            Client.NoDelay = true;
        }

        public Socket Client { get; }

        public Socket Upstream { get; }

        /// <summary>The node's local port of the relayed connection (DNAT keeps the source as it is).</summary>
        public int ClientPort { get; }

        /// <summary>The node closed its side in order: nothing to reset there.</summary>
        public bool ClientClosed { get; set; }

        /// <summary>A heal already reset the node's side.</summary>
        public bool NodeSideHandled { get; set; }

        /// <summary>The loss emulation reset this connection: the node must see a reset, not a close.</summary>
        public bool ResetByLoss { get; set; }

        /// <summary>Ends the relay; the node's side with a FIN when <paramref name="gracefullyToNode"/>, else as <see cref="Abort"/> does.</summary>
        public void Close(bool gracefullyToNode)
        {
            if (gracefullyToNode && Interlocked.Exchange(ref _abortedOnce, 1) == 0)
            {
                _aborted.Cancel();
                try
                {
                    Client.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already gone on the node's side.
                }

                Client.Dispose();
                DelayLine.Abort(Upstream);
                return;
            }

            Abort();
        }

        public CancellationToken Token => _aborted.Token;

        public void Abort()
        {
            if (Interlocked.Exchange(ref _abortedOnce, 1) == 1)
            {
                return;
            }

            _aborted.Cancel();
            DelayLine.Abort(Client);
            DelayLine.Abort(Upstream);
        }
    }
}
