using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace DuckDuckGoose.Client;

/// <summary>Registers the typed admin client with <c>IHttpClientFactory</c> (Refit.HttpClientFactory).</summary>
public static class DuckApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDuckApi"/> as a typed HTTP client configured by <paramref name="configure"/>
    /// (base address, admin token, timeout). Uses Refit's source-generated client and JSON, so it needs no
    /// reflection. Returns the builder for adding handlers (retries, logging).
    /// </summary>
    public static IHttpClientBuilder AddDuckApiClient(this IServiceCollection services, Action<DuckApiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DuckApiClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "DuckApiClientOptions.BaseAddress must be an absolute URL.");
        return services
            .AddRefitGeneratedClient<IDuckApi>(_ => DuckApiClient.CreateSettings())
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<DuckApiClientOptions>>().Value;
                client.BaseAddress = options.BaseAddress;
                client.Timeout = options.Timeout;
            })
            .AddHttpMessageHandler(provider =>
                new DuckApiClient.AdminTokenHandler(provider.GetRequiredService<IOptions<DuckApiClientOptions>>().Value.AdminToken));
    }
}
