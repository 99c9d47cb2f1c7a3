using System.Net;
using System.Text.Json.Serialization;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Leadership;
using DuckDuckGoose.Host.Metrics;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Plugins;
using DuckDuckGoose.Host.Security;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DuckDuckGoose.Host;

/// <summary>Composition of a DuckDuckGoose node (Orleans-style builder extensions).</summary>
public static class DuckDuckGooseExtensions
{
    /// <summary>
    /// Adds a node's services: its settings (read and validated once, here, so a bad setting stops the start
    /// before anything else happens), Kestrel on bind:port only, the plugins found under the plugin folder,
    /// the durable state store, the <see cref="NodeBootstrap"/> that builds the node and the services that
    /// hand out what it built, the node's hosted service, the leadership service (<see cref="INodeLeadership"/>),
    /// the role hooks (<see cref="RoleHookRunner"/>) and the node's metrics (<see cref="NodeMetrics"/>). Nothing
    /// here reads the data directory or creates a plugin's classes: <see cref="NodeBootstrap.RunAsync"/> does, in order.
    /// </summary>
    /// <returns>The node's settings.</returns>
    /// <exception cref="NodeSettingsException">A setting is wrong or a plugin cannot be loaded.</exception>
    public static NodeOptions AddDuckDuckGoose(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var settings = NodeSettings.Load(builder.Configuration);
        var tls = new NodeTls(settings.LoadTls());
        // The plugins load on another thread while the services below are registered: the first one costs about
        // 40 ms (McMaster's load context, compiled at first use), the registration about as much, and a second
        // core runs both at once. Joined before the first registration that needs them.
        var loadingPlugins = Task.Run(() => PluginCatalog.Load(settings.PluginsDirectory));

        services.AddSingleton(Options.Create(settings));
        services.AddSingleton(tls);
        services.Configure<KestrelServerOptions>(kestrel => Listen(kestrel, settings, tls));

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = RequestBodyLimitMiddleware.DescribeTooLarge);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // The admin API's and the peer join endpoints' types from their source-generated metadata:
            // reflection would build it when the endpoints are built, at the first request, with emitted
            // accessors the JIT then compiles, in every node's first second (the join challenge's types alone
            // took half of the endpoints' 40-55 ms). Reflection stays last in the chain for any other type.
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, DuckApiJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, PeerJsonContext.Default);
        });
        // Every client this node makes (join, forwarding to the Goose, probing a newcomer, the advertise
        // check) presents the node's certificate and trusts only the cluster's CA when TLS is on.
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(
            () => tls.Peer?.CreateHandler() ?? new SocketsHttpHandler()));
        services.AddHttpClient();
        services.AddHttpClient(GooseForwarder.ClientName, client =>
        {
            // Long enough for the Goose to catch a newcomer up (10 election timeouts) or finish a hand-over.
            client.Timeout = TimeSpan.FromMilliseconds(Math.Max(5_000, 20 * settings.ElectionTimeoutMs));
        });
        services.AddSingleton<GooseForwarder>();
        services.AddSingleton<NewcomerProbe>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddNodeMetrics();
        var catalog = loadingPlugins.GetAwaiter().GetResult();   // a plugin that cannot load stops the start here
        services.AddPlugins(catalog);
        services.AddSingleton<IDurableStateStore>(new FileStateStore(settings.DataDirectory));
        services.AddSingleton(sp => new NodeBootstrap(settings, catalog, sp));
        services.AddSingleton(sp => Bootstrap(sp).Context);
        services.AddSingleton(sp => Bootstrap(sp).Plugins);
        services.AddSingleton(sp => Bootstrap(sp).Startup);
        services.AddSingleton(sp => Bootstrap(sp).Security);
        services.AddSingleton(sp => Bootstrap(sp).Actor);
        services.AddSingleton(sp => new PeerMessageHandler(sp.GetRequiredService<NodeActor>(), sp.GetRequiredService<PeerSecurity>().Authenticator));
        services.AddSingleton<IPeerMessageHandler>(sp => sp.GetRequiredService<PeerMessageHandler>());
        // The node's own admin client of another member (its seed, or the Goose it leaves): TLS as its peers, its admin token.
        IDuckApi AdminClient(IServiceProvider sp, Uri member)
        {
            var client = sp.GetRequiredService<IHttpClientFactory>().CreateClient(GooseForwarder.ClientName);
            client.BaseAddress = member;
            if (settings.AdminToken is { } token)
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return DuckApiClient.Create(client);
        }

        services.AddSingleton(sp => new JoinLoop(
            sp.GetRequiredService<NodeActor>(),
            seed => AdminClient(sp, seed),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<JoinLoop>>()));
        services.AddSingleton(sp => new GracefulLeave(
            sp.GetRequiredService<NodeActor>(),
            goose => AdminClient(sp, goose),
            TimeSpan.FromMilliseconds(settings.LeaveTimeoutMs),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GracefulLeave>>()));
        services.AddHostedService(sp => new NodeHostedService(
            sp.GetRequiredService<NodeActor>(),
            sp.GetRequiredService<NodePlugins>(),
            sp.GetRequiredService<PeerMessageHandler>(),
            sp.GetRequiredService<JoinLoop>(),
            sp.GetRequiredService<GracefulLeave>(),
            new AdvertiseCheck(
                sp.GetRequiredService<TransportSetup>().Self,
                sp.GetRequiredService<IHttpClientFactory>(),
                Bootstrap(sp).PeerTransport,
                sp.GetRequiredService<ILogger<AdvertiseCheck>>()),
            new FailoverRehearsal(settings.ToCoreOptions("rehearsal"), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FailoverRehearsal>>()),
            sp.GetRequiredService<NodeStartup>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<NodeHostedService>>()));

        // After the node's hosted service: started after it, stopped before it (token cancelled, hook killed).
        services.AddNodeLeadership();
        services.AddRoleHooks();
        return settings;
    }

    /// <summary>
    /// Builds the node, in order (<see cref="NodeBootstrap.RunAsync"/>), before anything is served; the host
    /// then starts it with the server.
    /// </summary>
    /// <exception cref="NodeSettingsException">A setting names what cannot be had.</exception>
    public static Task BootstrapNodeAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Bootstrap(app.Services).RunAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>
    /// Answers errors and empty 4xx/5xx responses with RFC 9457 problem details, caps request bodies,
    /// checks the admin token (both before a body is read) and takes WebSocket upgrades (peer streams).
    /// </summary>
    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<AdminTokenMiddleware>();

        // Peers keep a WebSocket open to each other (PeerEndpoints); the upgrade needs the middleware.
        app.UseWebSockets();
        return app;
    }

    private static NodeBootstrap Bootstrap(IServiceProvider services) => services.GetRequiredService<NodeBootstrap>();

    private static void Listen(KestrelServerOptions kestrel, NodeOptions node, NodeTls tls)
    {
        if (string.Equals(node.Bind, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(node.Port, listen => UseTls(listen, tls));
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(node.Bind), node.Port, listen => UseTls(listen, tls));
        }
    }

    private static void UseTls(ListenOptions listen, NodeTls tls)
    {
        if (tls.Peer is not { Certificate: { } certificate } peer)
        {
            return;
        }

        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (peer.Authority is null)
            {
                return;
            }

            // Asked for, not required: a browser without a client certificate still reaches Swagger UI and
            // the admin API; the peer endpoint refuses it (PeerCertificateFilter). A certificate that is
            // presented must chain to the cluster's CA alone, or the handshake fails.
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.CheckCertificateRevocation = false;
            https.ClientCertificateValidation = (client, _, _) => peer.IsIssuedByAuthority(client);
        });
    }
}
