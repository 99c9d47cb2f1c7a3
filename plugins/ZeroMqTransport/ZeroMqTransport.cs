using System.Collections.Concurrent;
using IPAddress = System.Net.IPAddress;
using IPEndPoint = System.Net.IPEndPoint;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace DuckDuckGoose.Transports;

/// <summary>
/// Peer messages as ZeroMQ frames over TCP (NetMQ), addressed <c>tcp://host:port</c>, or
/// <c>tcp://host:port?curve=&lt;server public key&gt;</c> for a peer that takes only CURVE-encrypted
/// connections (<see cref="ZeroMqAddress"/>). The layout of the frames is in <see cref="ZeroMqFrames"/>.
/// NetMQ sockets are not thread-safe, so one thread, a <see cref="NetMQPoller"/>, owns every socket: a
/// ROUTER bound to this node's own peer address (<see cref="TransportSetup.Self"/>'s
/// <see cref="Member.Peer"/>) for inbound requests, and one DEALER per peer address for outbound ones. Other threads talk to it only through queues.
/// A send never blocks its caller (the node actor): it is queued in a bounded per-peer outbox and awaited
/// against <see cref="TransportSetup.RequestTimeout"/>. Every failure surfaces as a
/// <see cref="TransportException"/>, which Raft treats as a lost message (Raft §5.1 allows loss), so the
/// transport never retries. DEALERs reconnect by themselves when a peer comes back.
/// </summary>
public sealed partial class ZeroMqTransport : ITransport
{
    /// <summary>Requests queued per peer before the oldest is dropped.</summary>
    public const int OutboxCapacity = 1024;

    /// <summary>Inbound requests being handled at once before further ones are dropped.</summary>
    public const int MaxInboundInFlight = 1024;

    private const int HighWatermark = 1000;
    private const int MaxMessagesPerWakeUp = 256;

    private readonly TransportSetup _context;
    private readonly ILogger<ZeroMqTransport> _logger;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<byte[]>> _pending = new();
    private readonly ConcurrentDictionary<string, PeerOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly byte[]? _secretKey;

    // Every NetMQ object sits behind this one field, created when the transport first listens or sends, so
    // that a node that only constructs it (its own transport is HTTP; the router keeps this one for tcp://
    // peers) never loads NetMQ and its dependencies: no field here names a NetMQ type, and neither does any
    // method that construction, Name, CanReach, a send-only start or DisposeAsync runs.
    private NetMqSockets? _sockets;
    private IPeerMessageHandler? _inbound;
    private bool _disposed;
    private long _nextCorrelation;
    private long _sent;
    private long _received;
    private long _dropped;
    private long _garbage;
    private long _lateReplies;
    private int _inboundInFlight;

    /// <summary>
    /// Creates the transport; the host registers <paramref name="context"/> in DI. With
    /// <see cref="TransportSetup.CurveKeyFile"/> the node's CURVE secret key is read from it at once. NetMQ is
    /// loaded only when the transport listens or first sends.
    /// </summary>
    /// <exception cref="TransportException">The CURVE key file cannot be read or holds no key.</exception>
    public ZeroMqTransport(TransportSetup context, ILogger<ZeroMqTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(context.RequestTimeout, TimeSpan.Zero);
        _context = context;
        _logger = logger;
        _secretKey = context.CurveKeyFile is { } keyFile ? CurveKeyFile.ReadSecretKey(keyFile) : null;
    }

    /// <inheritdoc />
    public string Name => "zeromq";

    /// <summary>What this transport has done so far; safe to read from any thread.</summary>
    public ZeroMqTransportCounters Counters => new(
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _garbage),
        Interlocked.Read(ref _lateReplies),
        _pending.Count);

    /// <inheritdoc />
    public bool CanReach(string address) => ZeroMqAddress.TryParse(address, out _);

    /// <summary>
    /// Binds the ROUTER to this node's peer address when it is a <c>tcp://</c> address; otherwise this
    /// transport only sends (the node is reached through another transport). An address with a CURVE key
    /// makes the ROUTER a CURVE server with this node's keypair: it then accepts only CURVE clients.
    /// </summary>
    /// <exception cref="TransportException">
    /// The peer address cannot be bound (in use, not a local address), or it carries a CURVE key that is not
    /// the public key of this node's key file.
    /// </exception>
    public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _inbound, inbound, null) is not null)
        {
            throw new InvalidOperationException("The ZeroMQ transport is started already.");
        }

        var self = _context.Self.Peer;
        if (!ZeroMqAddress.TryParse(self, out var address))
        {
            LogSendOnly(_context.Self.PeerAddress);
            return Task.CompletedTask;
        }

        var curve = Listen(address);
        LogListening(_context.Self.PeerAddress, curve ? "CURVE only" : "plain text");
        return Task.CompletedTask;
    }

    /// <summary>Binds the ROUTER to <paramref name="address"/>; true when it takes CURVE clients only.</summary>
    // Not inlined: this is where NetMQ gets loaded, and a send-only start must not get there.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Listen(ZeroMqAddress address)
    {
        var self = _context.Self.Peer;
        var sockets = EnsureStarted();
        var certificate = ServerCertificate(address, sockets.Certificate);
        var router = new RouterSocket();
        Configure(router.Options);
        try
        {
            if (certificate is not null)
            {
                router.Options.CurveServer = true;
                router.Options.CurveCertificate = certificate;
            }

            router.Bind(address.Endpoint);
        }
        catch (Exception e) when (e is NetMQException or SocketException or ArgumentException)
        {
            router.Dispose();
            throw new TransportException($"cannot listen for peers on {self}: {e.Message}", e);
        }

        router.ReceiveReady += OnRequestsReady;
        sockets.Router = router;
        sockets.Poller.Add(router);
        return certificate is not null;
    }

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var address = to.PeerAddress;
        if (!CanReach(address))
        {
            throw new TransportException($"{to.Id} at {address} is not reachable over ZeroMQ (tcp://host:port, optionally ?curve=<64 hex characters>)");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(message, PeerJsonContext.Default.PeerMessage);
        var correlation = (ulong)Interlocked.Increment(ref _nextCorrelation);
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlation] = reply;
        try
        {
            Enqueue(address, new OutboundRequest(correlation, body));
            var replyBody = await reply.Task.WaitAsync(_context.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (Decode(replyBody) is { } answer)
            {
                return answer;
            }

            CountGarbage("a reply", "a body that is not a peer message");
            throw new TransportException($"{to.Id} at {address} answered something that is not a peer message");
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("send cancelled by the caller", e, cancellationToken);
        }
        catch (TimeoutException e)
        {
            var reason = $"no reply from {to.Id} at {address} within {_context.RequestTimeout.TotalMilliseconds} ms";
            LogSendFailed(message.GetType().Name, to.Id, address, reason);
            throw new TransportException(reason, e);
        }
        catch (TransportException e)
        {
            LogSendFailed(message.GetType().Name, to.Id, address, e.Message);
            throw;
        }
        finally
        {
            // Whatever happened, this request no longer waits: a reply after this point is a late reply.
            _pending.TryRemove(correlation, out _);
        }
    }

    /// <summary>
    /// Stops the socket owner thread, closes every socket with linger 0, fails requests still waiting, and
    /// returns once the peer port is free again (NetMQ closes listeners on its I/O thread, a moment later).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var boundTo = _sockets is { } sockets && sockets.Stop(_outboxes.Values) ? _context.Self.Peer : null;

        foreach (var outbox in _outboxes.Values)
        {
            while (outbox.TryRead(out var request))
            {
                Fail(request.Correlation, "the transport was disposed before the request was sent");
            }
        }

        foreach (var correlation in _pending.Keys)
        {
            Fail(correlation, "the transport was disposed");
        }

        if (boundTo is not null)
        {
            await WaitUntilPortIsFreeAsync(boundTo).ConfigureAwait(false);
        }

        // _stopping is not disposed: a handler task queued just before the poller stopped may still read its token.
    }

    /// <summary>This node's keypair when its address asks for CURVE (checked against the address), else null.</summary>
    private NetMQCertificate? ServerCertificate(ZeroMqAddress self, NetMQCertificate? keyFile)
    {
        if (self.ServerKey is null)
        {
            return null;
        }

        if (keyFile is null)
        {
            throw new TransportException(
                $"this node's peer address {_context.Self.Peer} asks for CURVE, but the transport was given no CURVE key file");
        }

        if (!keyFile.PublicKey.AsSpan().SequenceEqual(self.ServerKey))
        {
            throw new TransportException(
                $"this node's peer address {_context.Self.Peer} names the CURVE public key {Convert.ToHexStringLower(self.ServerKey)}, " +
                $"but the key file {_context.CurveKeyFile} holds the key of {Convert.ToHexStringLower(keyFile.PublicKey)}");
        }

        return keyFile;
    }

    private static void Configure(SocketOptions options)
    {
        // Closing must not wait for unsent messages: a node that stops is gone, and Raft copes with loss.
        options.Linger = TimeSpan.Zero;
        options.ReconnectInterval = TimeSpan.FromMilliseconds(100);
        options.ReconnectIntervalMax = TimeSpan.FromSeconds(1);
        options.SendHighWatermark = HighWatermark;
        options.ReceiveHighWatermark = HighWatermark;
        // NetMQ disconnects a peer that sends a larger frame before allocating it.
        options.MaxMsgSize = ZeroMqFrames.MaxBodyBytes;
    }

    private static PeerMessage? Decode(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, PeerJsonContext.Default.PeerMessage);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // NotSupportedException: JSON without a known "type" names no concrete message.
            return null;
        }
    }

    private static async Task WaitUntilPortIsFreeAsync(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !IPAddress.TryParse(uri.Host, out var ip))
        {
            return;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(ip, uri.Port));
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(5).ConfigureAwait(false);
            }
        }
    }

    private NetMqSockets EnsureStarted()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new TransportException("the ZeroMQ transport is disposed");
            }

            if (_sockets is not null)
            {
                return _sockets;
            }

            var certificate = _secretKey is null ? null : NetMQCertificate.CreateFromSecretKey(_secretKey);
            NetMqLifetime.Acquire();
            var wake = new NetMQQueue<PeerOutbox>();
            wake.ReceiveReady += OnWake;
            var replies = new NetMQQueue<OutboundReply>();
            replies.ReceiveReady += OnRepliesReady;
            var poller = new NetMQPoller { wake, replies };
            poller.RunAsync("ZeroMqTransport", isBackgroundThread: true);
            return _sockets = new NetMqSockets(poller, wake, replies, certificate);
        }
    }

    private void Enqueue(string address, OutboundRequest request)
    {
        var sockets = EnsureStarted();
        var outbox = _outboxes.GetOrAdd(address, a => new PeerOutbox(a, OutboxCapacity, OnOutboxFull));
        outbox.Write(request);
        if (outbox.TrySchedule())
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new TransportException("the ZeroMQ transport is disposed");
                }

                sockets.Wake.Enqueue(outbox);
            }
        }
    }

    private void OnOutboxFull(OutboundRequest dropped)
    {
        Interlocked.Increment(ref _dropped);
        LogOutboxFull(OutboxCapacity);
        Fail(dropped.Correlation, $"dropped: more than {OutboxCapacity} requests were queued for the peer");
    }

    private void Fail(ulong correlation, string reason)
    {
        if (_pending.TryRemove(correlation, out var reply))
        {
            reply.TrySetException(new TransportException(reason));
        }
    }

    // Socket owner thread: drain woken outboxes onto their DEALERs.
    private void OnWake(object? sender, NetMQQueueEventArgs<PeerOutbox> e)
    {
        while (e.Queue.TryDequeue(out var outbox, TimeSpan.Zero))
        {
            outbox.Unschedule();
            while (outbox.TryRead(out var request))
            {
                // The caller gave up already: a stale request is not worth a place on the wire.
                if (_pending.ContainsKey(request.Correlation))
                {
                    SendRequest(outbox, request);
                }
            }
        }
    }

    private void SendRequest(PeerOutbox outbox, OutboundRequest request)
    {
        try
        {
            outbox.Dealer ??= Connect(outbox.Address);
        }
        catch (Exception e) when (e is NetMQException or SocketException or ArgumentException)
        {
            Fail(request.Correlation, $"cannot connect to {outbox.Address}: {e.Message}");
            return;
        }

        var message = new NetMQMessage(2);
        message.Append(ZeroMqFrames.Header(ZeroMqFrames.Request, request.Correlation));
        message.Append(request.Body);
        if (outbox.Dealer.TrySendMultipartMessage(TimeSpan.Zero, message))
        {
            Interlocked.Increment(ref _sent);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
            Fail(request.Correlation, $"dropped: {HighWatermark} messages wait for {outbox.Address} already");
        }
    }

    private DealerSocket Connect(string address)
    {
        if (!ZeroMqAddress.TryParse(address, out var peer))
        {
            throw new ArgumentException($"{address} is not a ZeroMQ peer address", nameof(address));
        }

        var dealer = new DealerSocket();
        try
        {
            Configure(dealer.Options);
            if (peer.ServerKey is { } serverKey)
            {
                // The client's own keypair only needs to be a keypair: peers authenticate messages, not
                // connections, so a node without a key file uses one made up for this process.
                dealer.Options.CurveServerKey = serverKey;
                dealer.Options.CurveCertificate = _sockets!.Certificate ?? (_sockets.Ephemeral ??= new NetMQCertificate());
            }

            dealer.Connect(peer.Endpoint);
        }
        catch
        {
            dealer.Dispose();
            throw;
        }

        dealer.ReceiveReady += OnRepliesFromPeer;
        _sockets!.Poller.Add(dealer);
        return dealer;
    }

    // Socket owner thread: replies (or failures) to our requests, matched by correlation id.
    private void OnRepliesFromPeer(object? sender, NetMQSocketEventArgs e)
    {
        var frames = new byte[2][];
        for (var i = 0; i < MaxMessagesPerWakeUp && ReadMessage(e.Socket, frames) is var count and > 0; i++)
        {
            if (count != 2 || !ZeroMqFrames.TryReadHeader(frames[0], out var kind, out var correlation) || kind == ZeroMqFrames.Request)
            {
                CountGarbage("a reply", "not two frames with a reply or failure header");
            }
            else if (!_pending.TryRemove(correlation, out var reply))
            {
                Interlocked.Increment(ref _lateReplies);
            }
            else if (kind == ZeroMqFrames.Reply)
            {
                reply.TrySetResult(frames[1]);
            }
            else
            {
                var reason = Encoding.UTF8.GetString(frames[1], 0, Math.Min(frames[1].Length, 1024));
                reply.TrySetException(new TransportException($"the peer could not handle the message: {reason}"));
            }
        }
    }

    // Socket owner thread: requests from peers; the handler runs off this thread.
    private void OnRequestsReady(object? sender, NetMQSocketEventArgs e)
    {
        var frames = new byte[3][];
        for (var i = 0; i < MaxMessagesPerWakeUp && ReadMessage(e.Socket, frames) is var count and > 0; i++)
        {
            if (count != 3 || !ZeroMqFrames.TryReadHeader(frames[1], out var kind, out var correlation) || kind != ZeroMqFrames.Request)
            {
                CountGarbage("a request", "not an identity, a request header and a body");
            }
            else if (Interlocked.Increment(ref _inboundInFlight) > MaxInboundInFlight)
            {
                Interlocked.Decrement(ref _inboundInFlight);
                Interlocked.Increment(ref _dropped);
                LogInboundOverload(MaxInboundInFlight);
            }
            else
            {
                var (identity, body) = (frames[0], frames[2]);
                _ = Task.Run(() => HandleRequestAsync(identity, correlation, body));
            }
        }
    }

    // Socket owner thread: send replies that handlers finished.
    private void OnRepliesReady(object? sender, NetMQQueueEventArgs<OutboundReply> e)
    {
        while (e.Queue.TryDequeue(out var reply, TimeSpan.Zero))
        {
            var message = new NetMQMessage(3);
            message.Append(reply.Identity);
            message.Append(reply.Header);
            message.Append(reply.Body);
            // A ROUTER drops a reply to a peer that has gone or is at its high-water mark; the sender's deadline covers it.
            _sockets?.Router?.TrySendMultipartMessage(TimeSpan.Zero, message);
        }
    }

    private async Task HandleRequestAsync(byte[] identity, ulong correlation, byte[] body)
    {
        try
        {
            if (Decode(body) is not { } message)
            {
                CountGarbage("a request", "the body is not a peer message");
                return;
            }

            Interlocked.Increment(ref _received);
            byte kind;
            byte[] answer;
            try
            {
                var reply = await _inbound!.HandleAsync(message, _stopping.Token).ConfigureAwait(false);
                (kind, answer) = (ZeroMqFrames.Reply, JsonSerializer.SerializeToUtf8Bytes(reply, PeerJsonContext.Default.PeerMessage));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The sender learns at once instead of waiting out its deadline (HTTP answers 400/503 here).
                LogHandlerFailed(message.GetType().Name, message.From, e.Message);
                (kind, answer) = (ZeroMqFrames.Failure, Encoding.UTF8.GetBytes(e.Message));
            }

            lock (_gate)
            {
                if (!_disposed)
                {
                    _sockets!.Replies.Enqueue(new OutboundReply(identity, ZeroMqFrames.Header(kind, correlation), answer));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inboundInFlight);
        }
    }

    /// <summary>
    /// Reads one whole message, every frame of it so the next read starts at a message boundary, keeping the
    /// first <c>frames.Length</c> frames. Returns the number of frames, 0 when none was waiting.
    /// </summary>
    private static int ReadMessage(NetMQSocket socket, byte[][] frames)
    {
        if (!socket.TryReceiveFrameBytes(TimeSpan.Zero, out var first, out var more))
        {
            return 0;
        }

        frames[0] = first;
        var count = 1;
        while (more)
        {
            if (count < frames.Length)
            {
                frames[count] = socket.ReceiveFrameBytes(out more);
            }
            else
            {
                socket.SkipFrame(out more);
            }

            count++;
        }

        return count;
    }

    private void CountGarbage(string what, string why)
    {
        Interlocked.Increment(ref _garbage);
        LogGarbage(what, why);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Send of {MessageType} to {PeerId} at {PeerAddress} failed: {Reason}")]
    private partial void LogSendFailed(string messageType, string peerId, string peerAddress, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "ZeroMQ transport listening for peers on {Address} ({Security})")]
    private partial void LogListening(string address, string security);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "ZeroMQ transport sends only: this node's peer address {Address} is not tcp://")]
    private partial void LogSendOnly(string address);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Dropped garbage: {What} that is {Why}")]
    private partial void LogGarbage(string what, string why);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped the oldest queued request: more than {Capacity} were waiting for one peer")]
    private partial void LogOutboxFull(int capacity);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Dropped an inbound request: {Limit} are being handled already")]
    private partial void LogInboundOverload(int limit);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "The node could not handle {MessageType} from {PeerId}: {Reason}")]
    private partial void LogHandlerFailed(string messageType, string peerId, string reason);
}
