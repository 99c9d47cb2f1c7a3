using System.Text.Json;
using DuckDuckGoose.Client;
using Microsoft.AspNetCore.Diagnostics;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a missing body, a query value that is
/// not a number, a body over the limit) into problem details that say what was wrong, instead of an
/// empty 400. Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>. A JSON body in a charset .NET does not know
/// is one too: the framework's reader throws <see cref="InvalidOperationException"/> for it, not
/// <see cref="BadHttpRequestException"/>, and without this the client got a 500 for its own mistake.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (UnknownCharset(httpContext.Request, exception) is { } charset)
        {
            await AdminProblems.Write(
                httpContext,
                StatusCodes.Status400BadRequest,
                ProblemTypes.BadRequest,
                "Malformed request",
                $"The body's charset '{charset}' is not a known encoding; send JSON in UTF-8.").ConfigureAwait(false);
            return true;
        }

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

    /// <summary>The request's charset when <paramref name="exception"/> is the JSON reader refusing it as unknown, else null.</summary>
    private static string? UnknownCharset(HttpRequest request, Exception exception)
    {
        if (exception is not InvalidOperationException { InnerException: ArgumentException }
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || mediaType.Charset is not { Length: > 0 } charset)
        {
            return null;
        }

        try
        {
            _ = System.Text.Encoding.GetEncoding(charset.ToString().Trim('"'));
            return null;
        }
        catch (ArgumentException)
        {
            return charset.ToString();
        }
    }
}
