using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// A peer message's JSON as a request body, written into a buffer rented from <see cref="ArrayPool{T}"/> and
/// given back when the request is disposed: a heartbeat costs no new body array, and its length is known, so
/// the request carries Content-Length rather than chunked framing.
/// </summary>
internal sealed class PooledJsonContent : HttpContent, IBufferWriter<byte>
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    // Serializing is synchronous, so one writer per thread is enough; it is pointed at each body in turn.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private byte[] _buffer;
    private int _written;

    public PooledJsonContent(PeerMessage message)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(512);
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

        Headers.ContentType = JsonMediaType;
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

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        stream.WriteAsync(_buffer.AsMemory(0, _written)).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_buffer, 0, _written);

    protected override bool TryComputeLength(out long length)
    {
        length = _written;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
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
