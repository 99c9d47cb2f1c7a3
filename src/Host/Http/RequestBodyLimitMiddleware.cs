using DuckDuckGoose.Client;
using Microsoft.AspNetCore.Http.Features;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Caps request bodies before they are read: admin requests are tiny, so anything over
/// <see cref="AdminBodyLimit"/> bytes is refused with 413 problem details of type
/// <see cref="ProblemTypes.TooLarge"/> (<see cref="DescribeTooLarge"/>); peer messages may carry a
/// configuration snapshot and get <see cref="PeerBodyLimit"/>.
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

    /// <summary>
    /// Gives every 413 this node answers the <see cref="ProblemTypes.TooLarge"/> problem (for
    /// <c>ProblemDetailsOptions.CustomizeProblemDetails</c>). Needed because Kestrel's over-limit error
    /// while a minimal-API endpoint binds its body is caught by the binder, which answers an empty 413
    /// instead of throwing (even with ThrowOnBadRequest), so <see cref="BadRequestExceptionHandler"/> never
    /// sees it and the status-code page would write a generic problem without our type.
    /// </summary>
    public static void DescribeTooLarge(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status413PayloadTooLarge || problem.Type == ProblemTypes.TooLarge)
        {
            return;
        }

        var limit = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        problem.Type = ProblemTypes.TooLarge;
        problem.Title = "Request body too large";
        problem.Detail ??= limit is { } bytes
            ? $"The request body is larger than this endpoint takes ({bytes} bytes)."
            : "The request body is larger than this endpoint takes.";
        problem.Instance ??= context.HttpContext.Request.Path;
    }
}
