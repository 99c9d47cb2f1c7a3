using Microsoft.AspNetCore.Http.Features;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Caps request bodies before they are read: admin requests are tiny, so anything over
/// <see cref="AdminBodyLimit"/> bytes is refused with 413 problem details (<see cref="BadRequestExceptionHandler"/>);
/// peer messages may carry a configuration snapshot and get <see cref="PeerBodyLimit"/>.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    /// <summary>Largest admin request body, in bytes.</summary>
    public const long AdminBodyLimit = 16 * 1024;

    /// <summary>Largest peer message, in bytes.</summary>
    public const long PeerBodyLimit = 4 * 1024 * 1024;

    /// <summary>Sets the limit for this request, then passes it on.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = context.GetEndpoint()?.Metadata.GetMetadata<RequiresAdminTokenAttribute>() is null
                ? PeerBodyLimit
                : AdminBodyLimit;
        }

        return next(context);
    }
}
