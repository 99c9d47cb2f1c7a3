using System.Net.Http.Headers;
using Refit;

namespace DuckDuckGoose.Client;

/// <summary>Creates <see cref="IDuckApi"/> clients without dependency injection (scripts, tools, tests).</summary>
public static class DuckApiClient
{
    /// <summary>
    /// Refit settings for the admin API: the source-generated JSON of <see cref="DuckApiJsonContext"/> (no
    /// reflection, so it works in trimmed and AOT-compiled scripts) and errors as <see cref="DuckApiException"/>.
    /// </summary>
    public static RefitSettings CreateSettings()
    {
        var settings = RefitSettings.ForJsonContext(DuckApiJsonContext.Default);
        settings.ExceptionFactory = response => DuckApiException.FromResponseAsync(response, settings);
        return settings;
    }

    /// <summary>A client of the node at <paramref name="baseAddress"/>, sending <paramref name="adminToken"/> when given.</summary>
    public static IDuckApi Create(Uri baseAddress, string? adminToken = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var client = new HttpClient(new AdminTokenHandler(adminToken) { InnerHandler = handler ?? new SocketsHttpHandler() })
        {
            BaseAddress = baseAddress,
        };
        return Create(client);
    }

    /// <summary>A client over <paramref name="client"/>, whose base address and headers the caller has set.</summary>
    public static IDuckApi Create(HttpClient client) => RestService.ForGenerated<IDuckApi>(client, CreateSettings());

    /// <summary>Adds <c>Authorization: Bearer {token}</c> to every request when a token is set.</summary>
    public sealed class AdminTokenHandler(string? adminToken) : DelegatingHandler
    {
        /// <inheritdoc />
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(adminToken) && request.Headers.Authorization is null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
