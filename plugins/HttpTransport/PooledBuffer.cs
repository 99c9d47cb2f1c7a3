using System.Buffers;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// Bytes to send, written into an array rented from <see cref="ArrayPool{T}"/> and given back on dispose, so a
/// heartbeat costs no new array: a POST body (<see cref="PooledJsonContent"/>) or a stream frame (<see cref="StreamFrame"/>).
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    // Serializing is synchronous, so one writer per thread is enough; it is pointed at each buffer in turn.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(512);
    private int _written;

    /// <summary>What was written, valid until the buffer is disposed.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _written);

    /// <summary>Appends <paramref name="message"/>'s JSON (<see cref="PeerJsonContext"/>).</summary>
    public void WriteJson(PeerMessage message)
    {
        var writer = t_writer ??= new Utf8JsonWriter(this);
        writer.Reset(this);
        try
        {
            JsonSerializer.Serialize(writer, message, PeerJsonContext.Default.PeerMessage);
        }
        finally
        {
            writer.Reset();
        }
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
