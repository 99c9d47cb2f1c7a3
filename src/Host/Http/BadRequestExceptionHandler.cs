using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a missing body, a query value that is
/// not a number, a body over the limit) into problem details that say what was wrong, instead of an
/// empty 400. Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var tooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
        var detail = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
        await AdminProblems.Write(
            httpContext,
            tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            tooLarge ? ProblemTypes.TooLarge : ProblemTypes.BadRequest,
            tooLarge ? "Request body too large" : "Malformed request",
            detail).ConfigureAwait(false);
        return true;
    }
}
