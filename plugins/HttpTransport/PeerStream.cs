using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// This node's stream to one peer: a WebSocket opened on first use and again after it breaks, carrying
/// requests as <see cref="StreamFrame"/>s and matching the answers to them by id. A reply completes its send on
/// the thread that read it, so the node takes it in without another thread hop (the point of the stream: an
/// idle cluster's heartbeats cost a frame each, not an HTTP request).
/// </summary>
internal sealed class PeerStream : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly HttpMessageInvoker _invoker;
    private readonly string _peer;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private Connection? _current;
    private bool _disposed;

    public PeerStream(Uri uri, HttpMessageInvoker invoker, string peer)
    {
        _uri = uri;
        _invoker = invoker;
        _peer = peer;
    }

    /// <summary>
    /// Sends <paramref name="message"/> and waits for its reply until <paramref name="cancellationToken"/> (the
    /// send's deadline) is cancelled. A send that times out closes the connection: a peer that did not answer
    /// may be cut off behind a connection that looks open, and the next send opens a new one (as a timed-out
    /// HTTP request's connection is dropped).
    /// </summary>
    /// <exception cref="PeerStreamRefusedException">The peer answered the upgrade with another status: it does not serve streams.</exception>
    /// <exception cref="TransportException">The stream broke, or the peer could not take the message.</exception>
    public async Task<PeerMessage> SendAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        var connection = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            _current?.Abort();
            _current = null;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async ValueTask<Connection> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { IsOpen: true } open)
        {
            return open;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { IsOpen: true } other)
            {
                return other;
            }

            var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                await socket.ConnectAsync(_uri, _invoker, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException) when (socket.HttpStatusCode is not 0 and not HttpStatusCode.SwitchingProtocols)
            {
                var status = socket.HttpStatusCode;
                socket.Dispose();
                throw new PeerStreamRefusedException($"{_peer} answered the stream upgrade with {(int)status} {status}");
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            var connection = new Connection(socket, _peer);
            Volatile.Write(ref _current, connection);
            return connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>One WebSocket and the sends waiting for its answers; it reads until the socket closes.</summary>
    private sealed class Connection
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
