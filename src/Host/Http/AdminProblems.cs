using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DuckDuckGoose.Host.Http;

/// <summary>Problem details of the admin API, each with a stable <c>type</c> from <see cref="Client.ProblemTypes"/>.</summary>
public static class AdminProblems
{
    /// <summary>A problem result; sets <c>Retry-After</c> when <paramref name="retryAfterSeconds"/> is given.</summary>
    public static ProblemHttpResult Create(HttpContext context, int status, string type, string title, string detail, int? retryAfterSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(detail: detail, instance: context.Request.Path, statusCode: status, title: title, type: type);
    }

    /// <summary>Writes a problem directly (from middleware, outside an endpoint).</summary>
    public static Task Write(HttpContext context, int status, string type, string title, string detail) =>
        Create(context, status, type, title, detail).ExecuteAsync(context);
}
