using System.Net.Http.Headers;
using System.Text;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Passes an admin request a Duck cannot decide on to the Goose it knows (thesis §4.1: only the leader
/// changes the configuration), once: a request that was already passed on carries
/// <see cref="ForwardedByHeader"/> and is answered, not passed again, so two nodes with stale views cannot
/// bounce it between them. The caller's admin token goes along; the Goose checks it too.
/// </summary>
public sealed partial class GooseForwarder(IHttpClientFactory clients, ILogger<GooseForwarder> logger)
{
    /// <summary>The header naming the Duck that passed a request on.</summary>
    public const string ForwardedByHeader = "X-Duck-Forwarded-By";

    /// <summary>Name of the HTTP client used to reach the Goose.</summary>
    public const string ClientName = "duck-admin-forward";

    /// <summary>Whether <paramref name="request"/> was already passed on by another node.</summary>
    public static bool WasForwarded(HttpRequest request) => request?.Headers.ContainsKey(ForwardedByHeader) == true;

    /// <summary>Sends the request to <paramref name="goose"/> and relays its answer; 503 problem details when it cannot be reached.</summary>
    public async Task<Results<ForwardedResult, ProblemHttpResult>> ForwardAsync(
        HttpContext context,
        string selfId,
        Member goose,
        string? jsonBody)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(goose);
        var request = context.Request;
        var target = new Uri($"{goose.Url.TrimEnd('/')}{request.Path}{request.QueryString}");
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        message.Headers.Add(ForwardedByHeader, selfId);
        if (AuthenticationHeaderValue.TryParse(request.Headers[HeaderNames.Authorization], out var authorization))
        {
            message.Headers.Authorization = authorization;
        }

        if (jsonBody is not null)
        {
            message.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        Log.Forwarding(logger, request.Method, request.Path, goose.Id, goose.Url);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(message, context.RequestAborted).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            return new ForwardedResult(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString(),
                content,
                response.Headers.RetryAfter?.ToString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            Log.ForwardFailed(logger, goose.Id, goose.Url, e.Message);
            return AdminProblems.Create(
                context,
                StatusCodes.Status503ServiceUnavailable,
                ProblemTypes.NoGoose,
                "Goose unreachable",
                $"This node is a Duck and could not reach the Goose {goose.Id} at {goose.Url}: {e.Message}",
                retryAfterSeconds: 1);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 510, Level = LogLevel.Information, Message = "Passing {Method} {Path} on to the Goose {Goose} at {Url}")]
        public static partial void Forwarding(ILogger logger, string method, string path, string goose, string url);

        [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Could not pass a request on to the Goose {Goose} at {Url}: {Reason}")]
        public static partial void ForwardFailed(ILogger logger, string goose, string url, string reason);
    }
}
