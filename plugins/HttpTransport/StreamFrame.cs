using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// One WebSocket message of a peer stream, in a <see cref="PooledBuffer"/> given back on dispose. A request is
/// the sender's 8-byte id (little-endian) and the message's JSON (<see cref="PeerJsonContext"/>); an answer is
/// the request's id, a kind byte (<see cref="ReplyKind"/> and the reply's JSON, or <see cref="FailureKind"/> and
/// why, in UTF-8). Ids let the replies come back in any order.
/// </summary>
internal sealed class StreamFrame : IDisposable
{
    /// <summary>A frame larger than this is not a peer talking (the POST endpoint has the same limit).</summary>
    public const int MaxBytes = 1024 * 1024;

    public const byte ReplyKind = 0;
    public const byte FailureKind = 1;

    private const int IdBytes = sizeof(long);
    private const int MaxFailureChars = 2048;

    private readonly PooledBuffer _bytes = new();

    private StreamFrame(long id, byte? kind)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_bytes.GetSpan(IdBytes), id);
        _bytes.Advance(IdBytes);
        if (kind is { } k)
        {
            _bytes.GetSpan(1)[0] = k;
            _bytes.Advance(1);
        }
    }

    /// <summary>The frame's bytes, valid until it is disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes.Written;

    public static StreamFrame Request(long id, PeerMessage message)
    {
        var frame = new StreamFrame(id, kind: null);
        frame._bytes.WriteJson(message);
        return frame;
    }

    public static StreamFrame Reply(long id, PeerMessage reply)
    {
        var frame = new StreamFrame(id, ReplyKind);
        frame._bytes.WriteJson(reply);
        return frame;
    }

    public static StreamFrame Failure(long id, string reason)
    {
        var frame = new StreamFrame(id, FailureKind);
        var text = reason.Length > MaxFailureChars ? reason[..MaxFailureChars] : reason;
        frame._bytes.Advance(Encoding.UTF8.GetBytes(text, frame._bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
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

    public void Dispose() => _bytes.Dispose();
}
