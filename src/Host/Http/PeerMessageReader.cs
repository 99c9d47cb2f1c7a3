using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Reads a <see cref="PeerMessage"/> from a request body strictly: JSON content type, at most
/// <see cref="MaxBytes"/>, every constructor parameter present and nothing null that may not be.
/// </summary>
public static class PeerMessageReader
{
    /// <summary>The largest body accepted (64 KiB: a join or a heartbeat with a few entries is far smaller).</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonTypeInfo<PeerMessage> Strict = (JsonTypeInfo<PeerMessage>)new JsonSerializerOptions(PeerJsonContext.Default.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowOutOfOrderMetadataProperties = true,
    }.GetTypeInfo(typeof(PeerMessage));

    /// <summary>The message, or why the body is not one.</summary>
    public static async Task<(PeerMessage? Message, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, $"Content-Type must be application/json, not '{request.ContentType}'.");
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The body of {request.ContentLength} bytes is larger than {MaxBytes} bytes.");
        }

        // The body is read where Kestrel buffered it (its pipe), without a copy when it came in one segment,
        // as a heartbeat does: no per-message buffers on a path every peer takes several times a second.
        var reader = request.BodyReader;
        ReadResult result;
        try
        {
            while (true)
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.Buffer.Length > MaxBytes)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    return (null, $"The body is larger than {MaxBytes} bytes.");
                }

                if (result.IsCompleted)
                {
                    break;
                }

                // Nothing consumed, all examined: the next read returns this and what arrived since.
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            // The sender gave up mid-body (its request timed out) or sent less than it announced.
            return (null, $"The body could not be read: {e.Message}");
        }

        var body = result.Buffer;
        try
        {
            return body.Length == 0 ? (null, "The body is empty; expected a JSON peer message.") : Parse(body);
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    /// <summary>Parses a whole body strictly (required properties, nullability); a problem names what is wrong.</summary>
    internal static (PeerMessage? Message, string? Problem) Parse(ReadOnlySequence<byte> body)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> json;
            if (body.IsSingleSegment)
            {
                json = body.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(rented);
                json = rented.AsSpan(0, (int)body.Length);
            }

            var message = JsonSerializer.Deserialize(json, Strict);
            return message is null ? (null, "The body is null; expected a JSON peer message.") : (message, null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return (null, $"The body is not a peer message: {e.Message}");
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
