using System.Net.Http.Headers;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports;

/// <summary>
/// A peer message's JSON as a request body, written into a <see cref="PooledBuffer"/> and given back when
/// the request is disposed: a heartbeat costs no new body array, and its length is known, so
/// the request carries Content-Length rather than chunked framing.
/// </summary>
internal sealed class PooledJsonContent : HttpContent
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly PooledBuffer _body = new();

    public PooledJsonContent(PeerMessage message)
    {
        _body.WriteJson(message);
        Headers.ContentType = JsonMediaType;
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        stream.WriteAsync(_body.Written).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_body.Written, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_body.Written.Span);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Written.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }

        base.Dispose(disposing);
    }
}
