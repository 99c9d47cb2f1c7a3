using System.Buffers;
using System.Net.WebSockets;

namespace DuckDuckGoose.Transports;

/// <summary>
/// Reads whole WebSocket messages of a peer stream into one buffer rented from <see cref="ArrayPool{T}"/>,
/// grown as needed up to <see cref="StreamFrame.MaxBytes"/>; each message read is valid until the next read.
/// </summary>
internal sealed class PeerStreamReader : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);

    /// <summary>The next message, or null when the other side closed the stream.</summary>
    /// <exception cref="InvalidDataException">The message is larger than <see cref="StreamFrame.MaxBytes"/> or not binary.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (count == _buffer.Length)
            {
                if (count >= StreamFrame.MaxBytes)
                {
                    throw new InvalidDataException($"a stream frame larger than {StreamFrame.MaxBytes} bytes");
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(StreamFrame.MaxBytes, count * 2));
                _buffer.AsSpan(0, count).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new InvalidDataException("a text frame where a binary one was expected");
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return _buffer.AsMemory(0, count);
            }
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
