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

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, $"The body is larger than {MaxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, "The body is empty; expected a JSON peer message.");
        }

        try
        {
            var message = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Strict);
            return message is null ? (null, "The body is null; expected a JSON peer message.") : (message, null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return (null, $"The body is not a peer message: {e.Message}");
        }
    }
}
