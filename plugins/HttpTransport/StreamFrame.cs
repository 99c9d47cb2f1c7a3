using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// One WebSocket message of a peer stream, in a buffer rented from <see cref="ArrayPool{T}"/> and given back on
/// dispose. A request is the sender's 8-byte id (little-endian) and the message's JSON
/// (<see cref="PeerJsonContext"/>); an answer is the request's id, a kind byte (<see cref="ReplyKind"/> and the
/// reply's JSON, or <see cref="FailureKind"/> and why, in UTF-8). Ids let the replies come back in any order.
/// </summary>
internal sealed class StreamFrame : IBufferWriter<byte>, IDisposable
{
    /// <summary>A frame larger than this is not a peer talking (the POST endpoint has the same limit).</summary>
    public const int MaxBytes = 1024 * 1024;

    public const byte ReplyKind = 0;
    public const byte FailureKind = 1;

    private const int IdBytes = sizeof(long);
    private const int MaxFailureChars = 2048;

    // Serializing is synchronous, so one writer per thread is enough; it is pointed at each frame in turn.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private byte[] _buffer;
    private int _written;

    private StreamFrame(long id)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(512);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer, id);
        _written = IdBytes;
    }

    /// <summary>The frame's bytes, valid until it is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _written);

    public static StreamFrame Request(long id, PeerMessage message)
    {
        var frame = new StreamFrame(id);
        frame.WriteJson(message);
        return frame;
    }

    public static StreamFrame Reply(long id, PeerMessage reply)
    {
        var frame = new StreamFrame(id);
        frame._buffer[frame._written++] = ReplyKind;
        frame.WriteJson(reply);
        return frame;
    }

    public static StreamFrame Failure(long id, string reason)
    {
        var frame = new StreamFrame(id);
        frame._buffer[frame._written++] = FailureKind;
        var text = reason.Length > MaxFailureChars ? reason[..MaxFailureChars] : reason;
        frame.Advance(Encoding.UTF8.GetBytes(text, frame.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
        return frame;
    }

    /// <summary>
    /// Reads a request: false when the frame is too short to carry an id (the stream is broken); otherwise the
    /// id, and the message or, when the JSON is not a peer message, why not.
    /// </summary>
    public static bool TryReadRequest(ReadOnlySpan<byte> frame, out long id, out PeerMessage? message, out string? problem)
    {
        message = null;
        problem = null;
        if (frame.Length < IdBytes)
        {
            id = 0;
            return false;
        }

        id = BinaryPrimitives.ReadInt64LittleEndian(frame);
        try
        {
            message = JsonSerializer.Deserialize(frame[IdBytes..], PeerJsonContext.Default.PeerMessage);
            problem = message is null ? "the message is JSON null" : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            problem = $"not a peer message: {e.Message}";
        }

        return true;
    }

    /// <summary>Reads an answer's id and kind, and where its payload lies; false when the frame is too short to be one.</summary>
    public static bool TryReadAnswer(ReadOnlyMemory<byte> frame, out long id, out byte kind, out ReadOnlyMemory<byte> payload)
    {
        if (frame.Length < IdBytes + 1)
        {
            (id, kind, payload) = (0, 0, default);
            return false;
        }

        id = BinaryPrimitives.ReadInt64LittleEndian(frame.Span);
        kind = frame.Span[IdBytes];
        payload = frame[(IdBytes + 1)..];
        return true;
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

    private void WriteJson(PeerMessage message)
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
