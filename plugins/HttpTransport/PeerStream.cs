using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// This node's stream to one peer it writes to often: a WebSocket opened in the background once
/// <see cref="HotSends"/> sends to the peer came within a second (a voter hears from its Goose every heartbeat;
/// a non-voter once a second and a candidate's peers a few times, and for them a stream is not worth its
/// connection), and again after it breaks. It carries requests as <see cref="StreamFrame"/>s and matches the
/// answers to them by id. Until it is open the sender posts (<see cref="Open"/> returns null), so a first
/// contact, such as a new Goose's first words or a candidate's vote requests, costs no more than a POST, and a
/// hundred members do not open a hundred streams to a new Goose at once. A reply completes its send on the
/// thread that read it, so the node takes it in without another thread hop (the point of the stream: an idle
/// cluster's heartbeats cost a frame each, not an HTTP request).
/// </summary>
internal sealed class PeerStream : IAsyncDisposable
{
    /// <summary>How many sends within a second make a peer worth a stream.</summary>
    public const int HotSends = 8;

    /// <summary>How long after a failed attempt (the peer down or unreachable) the next one may start.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly long[] _recentSends = new long[HotSends];
    private int _nextSend;

    private readonly Uri _uri;
    private readonly HttpMessageInvoker _invoker;
    private readonly string _peer;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _refusedFor;
    private readonly Action<string> _refused;
    private readonly TimeProvider _time = TimeProvider.System;
    private Connection? _current;
    private int _opening;
    private long _notBefore;
    private volatile bool _disposed;

    /// <param name="uri">The peer's stream URL (ws or wss).</param>
    /// <param name="invoker">The transport's HTTP handler, with its TLS settings.</param>
    /// <param name="peer">The peer as log lines name it.</param>
    /// <param name="connectTimeout">How long opening may take.</param>
    /// <param name="refusedFor">How long to post after the peer refused the upgrade (an older node, a proxy, a node stopping).</param>
    /// <param name="refused">Told why, when the peer refuses the upgrade.</param>
    public PeerStream(Uri uri, HttpMessageInvoker invoker, string peer, TimeSpan connectTimeout, TimeSpan refusedFor, Action<string> refused)
    {
        _uri = uri;
        _invoker = invoker;
        _peer = peer;
        _connectTimeout = connectTimeout;
        _refusedFor = refusedFor;
        _refused = refused;
    }

    /// <summary>
    /// Notes a send to the peer and returns the open connection to send it on, or null, when the caller posts
    /// instead: none is open yet (one is being opened in the background once the peer is written to often,
    /// unless an attempt failed within <see cref="RetryDelay"/>), or the peer refused the upgrade lately.
    /// </summary>
    public Connection? Open()
    {
        if (Volatile.Read(ref _current) is { IsOpen: true } open)
        {
            return open;
        }

        if (!_disposed && IsHot() && _time.GetTimestamp() >= Volatile.Read(ref _notBefore) && Interlocked.CompareExchange(ref _opening, 1, 0) == 0)
        {
            _ = OpenInBackgroundAsync();
        }

        return null;
    }

    // Notes this send; true when the last HotSends sends, this one included, came within a second.
    private bool IsHot()
    {
        var now = _time.GetTimestamp();
        lock (_recentSends)
        {
            _recentSends[_nextSend] = now;
            _nextSend = (_nextSend + 1) % HotSends;

            // The slot written next holds the oldest of the last HotSends sends (0 until there were that many).
            var oldest = _recentSends[_nextSend];
            return oldest != 0 && now - oldest < _time.TimestampFrequency;
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        Volatile.Read(ref _current)?.Abort();
        return ValueTask.CompletedTask;
    }

    private async Task OpenInBackgroundAsync()
    {
        // Off the sender's thread: the send it came with goes by POST meanwhile.
        await Task.Yield();
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            using var timeout = new CancellationTokenSource(_connectTimeout);
            await socket.ConnectAsync(_uri, _invoker, timeout.Token).ConfigureAwait(false);
            if (_disposed)
            {
                socket.Abort();
                socket.Dispose();
                return;
            }

            Volatile.Write(ref _current, new Connection(socket, _peer));
        }
        catch (Exception e)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            var refused = e is WebSocketException && status is not 0 and not HttpStatusCode.SwitchingProtocols;
            Volatile.Write(ref _notBefore, _time.GetTimestamp() + (long)((refused ? _refusedFor : RetryDelay).TotalSeconds * _time.TimestampFrequency));
            if (refused)
            {
                _refused($"{_peer} answered the stream upgrade with {(int)status} {status}");
            }
        }
        finally
        {
            Volatile.Write(ref _opening, 0);
        }
    }

    /// <summary>One WebSocket and the sends waiting for its answers; it reads until the socket closes.</summary>
    internal sealed class Connection
    {
        private readonly WebSocket _socket;
        private readonly string _peer;
        private readonly SemaphoreSlim _writing = new(1, 1);
        private readonly ConcurrentDictionary<long, TaskCompletionSource<PeerMessage>> _waiting = new();
        private long _nextId;
        private volatile bool _closed;

        public Connection(WebSocket socket, string peer)
        {
            _socket = socket;
            _peer = peer;
            _ = ReadAsync();
        }

        public bool IsOpen => !_closed && _socket.State == WebSocketState.Open;

        public async Task<PeerMessage> SendAsync(PeerMessage message, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref _nextId);

            // Completed by the reading loop, and continued there: the reply reaches the node on that thread.
            var reply = new TaskCompletionSource<PeerMessage>();
            _waiting[id] = reply;
            try
            {
                using (var frame = StreamFrame.Request(id, message))
                {
                    await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await _socket.SendAsync(frame.Memory, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writing.Release();
                    }
                }

                if (_closed)
                {
                    // Closed while this send was being written: the reading loop may have failed the others already.
                    reply.TrySetException(new TransportException($"the stream to {_peer} closed"));
                }

                return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Abort();
                throw;
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
            {
                Abort();
                throw new TransportException($"send to {_peer} over its stream failed: {e.Message}", e);
            }
            finally
            {
                _waiting.TryRemove(id, out _);
            }
        }

        public void Abort()
        {
            _closed = true;
            _socket.Abort();
        }

        private async Task ReadAsync()
        {
            // Off the connecting thread: the loop then runs on whichever thread each read completes on.
            await Task.Yield();
            string? why = null;
            using var reader = new PeerStreamReader();
            try
            {
                while (await reader.ReadAsync(_socket, CancellationToken.None).ConfigureAwait(false) is { } frame)
                {
                    if (!StreamFrame.TryReadAnswer(frame, out var id, out var kind, out var payload))
                    {
                        why = "a frame too short to be an answer";
                        break;
                    }

                    if (_waiting.TryRemove(id, out var waiting))
                    {
                        Answer(waiting, kind, payload);
                    }
                }

                why ??= "closed by the peer";
            }
            catch (Exception e)
            {
                why = e.Message;
            }
            finally
            {
                _closed = true;
                _socket.Abort();
                _socket.Dispose();
                foreach (var id in _waiting.Keys)
                {
                    if (_waiting.TryRemove(id, out var waiting))
                    {
                        waiting.TrySetException(new TransportException($"the stream to {_peer} closed: {why}"));
                    }
                }
            }
        }

        private void Answer(TaskCompletionSource<PeerMessage> waiting, byte kind, ReadOnlyMemory<byte> payload)
        {
            if (kind != StreamFrame.ReplyKind)
            {
                var reason = kind == StreamFrame.FailureKind ? Encoding.UTF8.GetString(payload.Span) : $"an answer of unknown kind {kind}";
                waiting.TrySetException(new TransportException($"{_peer} could not take the message: {reason}"));
                return;
            }

            PeerMessage? reply;
            try
            {
                reply = JsonSerializer.Deserialize(payload.Span, PeerJsonContext.Default.PeerMessage);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                waiting.TrySetException(new TransportException($"{_peer} answered with a reply that is not a peer message: {e.Message}"));
                return;
            }

            if (reply is null)
            {
                waiting.TrySetException(new TransportException($"{_peer} answered JSON null instead of a message"));
                return;
            }

            waiting.TrySetResult(reply);
        }
    }
}
