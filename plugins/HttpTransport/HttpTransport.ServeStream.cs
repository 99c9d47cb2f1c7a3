using System.Net.WebSockets;
using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Transports;

/// <summary>The serving side of a peer stream (<see cref="PeerStream"/> is the sending side).</summary>
public sealed partial class HttpTransport
{
    /// <summary>How long closing a stream may wait for the peer's side of the close.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    /// <remarks>
    /// Each request is handed to <paramref name="inbound"/> on the thread that read it, and its answer written
    /// when the handler is done; requests whose handling waits (a vote's save) do not hold up the ones behind
    /// them, since answers carry their request's id. A frame that is not a peer message is answered with a
    /// failure and changes nothing, as the POST endpoint answers 400; one too short to carry an id, or larger
    /// than <see cref="StreamFrame.MaxBytes"/>, ends the stream.
    /// </remarks>
    public async Task ServeStreamAsync(WebSocket socket, IPeerMessageHandler inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(inbound);
        var writing = new SemaphoreSlim(1, 1);
        using var reader = new PeerStreamReader();
        try
        {
            while (await reader.ReadAsync(socket, cancellationToken).ConfigureAwait(false) is { } frame)
            {
                if (!StreamFrame.TryReadRequest(frame.Span, out var id, out var message, out var problem))
                {
                    LogStreamBroken("a frame too short to carry an id");
                    break;
                }

                if (message is null)
                {
                    using var failure = StreamFrame.Failure(id, $"Malformed peer message: {problem}");
                    await WriteAsync(socket, writing, failure, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                _ = AnswerAsync(socket, writing, id, message, inbound, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping: close below, and the peer sends by POST while this node still serves.
        }
        catch (Exception e) when (e is WebSocketException or InvalidDataException or IOException)
        {
            LogStreamBroken(e.Message);
        }
        finally
        {
            await CloseAsync(socket).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(WebSocket socket, SemaphoreSlim writing, long id, PeerMessage message, IPeerMessageHandler inbound, CancellationToken cancellationToken)
    {
        StreamFrame answer;
        try
        {
            var reply = await inbound.HandleAsync(message, cancellationToken).ConfigureAwait(false);
            answer = StreamFrame.Reply(id, reply);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // The sender learns at once instead of waiting out its deadline (the POST endpoint answers 400/403/503).
            LogHandlerFailed(message.GetType().Name, message.From, e.Message);
            answer = StreamFrame.Failure(id, e.Message);
        }

        using (answer)
        {
            await WriteAsync(socket, writing, answer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(WebSocket socket, SemaphoreSlim writing, StreamFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(frame.Memory, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                writing.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer went away or the node is stopping: the answer is lost, as Raft allows (§5.1).
        }
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var grace = new CancellationTokenSource(CloseGrace);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", grace.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "A peer stream ended: {Reason}")]
    private partial void LogStreamBroken(string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "A {MessageType} from {PeerId} on a stream could not be taken: {Reason}")]
    private partial void LogHandlerFailed(string messageType, string peerId, string reason);
}
