using System.Net;
using TransportContext = DuckDuckGoose.Contracts.TransportContext;
using System.Text.Json.Serialization;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Leadership;
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
    /// Adds a node: validated <see cref="NodeOptions"/>, Kestrel on bind:port only, the plugins found
    /// under the plugin folder, the durable state store, the node actor and its hosted service, the
    /// leadership service (<see cref="INodeLeadership"/>) and the role hooks (<see cref="RoleHookRunner"/>).
    /// </summary>
    /// <exception cref="NodeSettingsException">A setting is wrong or a plugin cannot be loaded.</exception>
    public static WebApplicationBuilder AddDuckDuckGoose(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Read once now: the plugin folder must be known to register the plugins, and a bad setting
        // should stop the start before anything else happens.
        var settings = NodeSettings.Load(builder.Configuration);

        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        services.AddOptions<NodeOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton(sp => new NodeTls(Options(sp).LoadTls()));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<NodeOptions>, NodeTls>((kestrel, node, tls) => Listen(kestrel, node.Value, tls));

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = RequestBodyLimitMiddleware.DescribeTooLarge);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Every client this node makes (join, forwarding to the Goose, probing a newcomer, the advertise
        // check) presents the node's certificate and trusts only the cluster's CA when TLS is on.
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(
            sp => sp.GetRequiredService<NodeTls>().Peer?.CreateHandler() ?? new SocketsHttpHandler()));
        services.AddHttpClient();
        services.AddHttpClient(GooseForwarder.ClientName, (sp, client) =>
        {
            // Long enough for the Goose to catch a newcomer up (10 election timeouts) or finish a hand-over.
            client.Timeout = TimeSpan.FromMilliseconds(Math.Max(5_000, 20 * Options(sp).ElectionTimeoutMs));
        });
        services.AddSingleton<GooseForwarder>();
        services.AddSingleton<NewcomerProbe>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddPlugins(PluginCatalog.Load(settings.PluginsDirectory));
        services.AddSingleton<IDurableStateStore>(sp => new FileStateStore(Options(sp).DataDirectory));
        services.AddSingleton(sp =>
        {
            // The node's id is kept in its data directory from the first start on (NodeIdFile), and so is its
            // CURVE key when asked for (ZmqCurveKeyFile): its public key is part of the advertised peer address.
            var options = Options(sp);
            var id = NodeIdFile.LoadOrCreate(options.DataDirectory, options.Id);
            var keyFile = options.CurveKeyFilePath;
            var self = options.ToMember(id, keyFile is null ? null : ZmqCurveKeyFile.LoadOrCreatePublicKey(keyFile));
            return new TransportContext(self, options.ToCoreOptions(self.Id).ElectionTimeout) { CurveKeyFile = keyFile, Tls = sp.GetRequiredService<NodeTls>().Peer };
        });
        services.AddSingleton(sp => NodeStartup.LoadAsync(
            Options(sp),
            sp.GetRequiredService<TransportContext>().Self,
            sp.GetRequiredService<IDurableStateStore>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<NodeStartup>(),
            CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(sp =>
        {
            var options = Options(sp);
            var folder = sp.GetRequiredService<PluginCatalog>().Directory;
            var transports = sp.GetServices<ITransport>().ToList();
            var router = new TransportRouter(
                PluginSelection.Pick(transports, t => t.Name, "transport", options.Transport, folder),
                transports);

            // The selected transport must be able to receive at the address this node advertises to peers.
            var self = sp.GetRequiredService<TransportContext>().Self;
            if (!router.Transports[0].CanReach(self.PeerAddress))
            {
                throw new NodeSettingsException(
                    $"transport: '{options.Transport}' cannot receive at {self.PeerAddress}; give it a peer-port " +
                    "(peers then reach this node at tcp://{host}:{peer-port})");
            }

            return new NodePlugins(router, PluginSelection.Pick(sp.GetServices<IElectionTimer>(), t => t.Name, "timer", options.Timer, folder));
        });
        services.AddSingleton(sp =>
        {
            var secrets = Options(sp).LoadClusterSecrets();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<PeerSecurity>();
            if (secrets is null)
            {
                logger.LogWarning(
                    "Peers are not authenticated: anyone who reaches this node's ports can send it peer messages and raise its term. " +
                    "Set cluster-secret-file (or DUCK_CLUSTER_SECRET) to the same secret on every member");
                return PeerSecurity.None;
            }

            logger.LogInformation("Peer messages are signed and checked with {Count} cluster secret(s) (HMAC-SHA256)", secrets.Keys.Count);
            return new PeerSecurity(
                secrets,
                new PeerMessageAuthenticator(secrets, sp.GetRequiredService<TransportContext>().Self.Id, sp.GetRequiredService<TimeProvider>()));
        });
        services.AddSingleton(sp =>
        {
            // Plugins first: an unknown transport or timer name must stop the start before any state is written.
            var plugins = sp.GetRequiredService<NodePlugins>();
            var startup = sp.GetRequiredService<NodeStartup>();
            return new NodeActor(
                startup.Self,
                Options(sp).ToCoreOptions(startup.Self.Id),
                startup.State,
                plugins.Timer,
                PeerTransport(sp),
                sp.GetRequiredService<IDurableStateStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<NodeActor>>());
        });
        services.AddSingleton(sp => new PeerMessageHandler(sp.GetRequiredService<NodeActor>(), sp.GetRequiredService<PeerSecurity>().Authenticator));
        services.AddSingleton<IPeerMessageHandler>(sp => sp.GetRequiredService<PeerMessageHandler>());
        services.AddSingleton(sp => new JoinLoop(
            sp.GetRequiredService<NodeActor>(),
            seed =>
            {
                var client = sp.GetRequiredService<IHttpClientFactory>().CreateClient(GooseForwarder.ClientName);
                client.BaseAddress = seed;
                if (Options(sp).AdminToken is { } token)
                {
                    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }

                return DuckApiClient.Create(client);
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<JoinLoop>>()));
        services.AddHostedService(sp => new NodeHostedService(
            sp.GetRequiredService<NodeActor>(),
            sp.GetRequiredService<NodePlugins>(),
            sp.GetRequiredService<PeerMessageHandler>(),
            sp.GetRequiredService<JoinLoop>(),
            new AdvertiseCheck(
                sp.GetRequiredService<TransportContext>().Self,
                sp.GetRequiredService<IHttpClientFactory>(),
                PeerTransport(sp),
                sp.GetRequiredService<ILogger<AdvertiseCheck>>()),
            sp.GetRequiredService<NodeStartup>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<NodeHostedService>>()));

        // After the node's hosted service: started after it, stopped before it (token cancelled, hook killed).
        services.AddNodeLeadership();
        services.AddRoleHooks();
        return builder;
    }

    /// <summary>
    /// Answers errors and empty 4xx/5xx responses with RFC 9457 problem details, caps request bodies and
    /// checks the admin token (both before a body is read).
    /// </summary>
    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<AdminTokenMiddleware>();
        return app;
    }

    /// <summary>
    /// The transport the node sends through: every loaded one behind the router, and with a cluster secret
    /// behind the signing layer too (the advertise check's message to itself must be signed like any other).
    /// </summary>
    private static ITransport PeerTransport(IServiceProvider services)
    {
        var router = services.GetRequiredService<NodePlugins>().Transport;
        return services.GetRequiredService<PeerSecurity>().Authenticator is { } authenticator
            ? new AuthenticatingTransport(router, authenticator, services.GetRequiredService<ILogger<AuthenticatingTransport>>())
            : router;
    }

    private static NodeOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<NodeOptions>>().Value;

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
