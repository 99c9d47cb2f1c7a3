using System.Net;
using System.Net.Http.Headers;
using Refit;

namespace DuckDuckGoose.Client;

/// <summary>An admin API call answered with an error: the status code and the node's problem details.</summary>
public sealed class DuckApiException : ApiException
{
    private DuckApiException(
        string message,
        HttpRequestMessage request,
        HttpMethod method,
        string? content,
        HttpStatusCode status,
        string? reasonPhrase,
        HttpResponseHeaders headers,
        RefitSettings settings,
        ApiProblem? problem)
        : base(message, request, method, content, status, reasonPhrase, headers, settings)
    {
        Problem = problem;
    }

    /// <summary>The problem details the node answered with; null when the body was not problem details (for example a proxy's page).</summary>
    public ApiProblem? Problem { get; }

    /// <summary>Builds the exception for an error response (Refit's <see cref="RefitSettings.ExceptionFactory"/>).</summary>
    internal static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response, RefitSettings settings)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var request = response.RequestMessage ?? new HttpRequestMessage();
        var content = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var problem = TryReadProblem(response, content);
        var what = $"{request.Method} {request.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        var message = problem is null
            ? $"{what}."
            : $"{what}: {problem.Title}{(string.IsNullOrWhiteSpace(problem.Detail) ? "" : $" ({problem.Detail})")}";
        return new DuckApiException(message, request, request.Method, content, response.StatusCode, response.ReasonPhrase, response.Headers, settings, problem);
    }

    private static ApiProblem? TryReadProblem(HttpResponseMessage response, string content)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(content, DuckApiJsonContext.Default.ApiProblem);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
