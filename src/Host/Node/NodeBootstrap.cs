using System.Diagnostics;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Metrics;
using DuckDuckGoose.Host.Plugins;
using DuckDuckGoose.Host.Security;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// A node's start, in order and in one place: identity → plugins → the transport can reach this node →
/// load or found the durable state → peer security → the actor. Program runs it once the services are
/// built and before the server serves; the services then hand out only what it built (asking for a part
/// before it ran is a programming error). The settings were read and validated once before
/// (<see cref="NodeSettings.Load"/>); the host starts the actor and the transport (<see cref="NodeHostedService"/>)
/// and then serves.
/// </summary>
public sealed partial class NodeBootstrap
{
    private readonly NodeOptions _options;
    private readonly PluginCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly ILogger<NodeBootstrap> _logger;
    private TransportSetup? _context;
    private NodePlugins? _plugins;
    private NodeStartup? _startup;
    private PeerSecurity? _security;
    private ITransport? _peerTransport;
    private NodeActor? _actor;

    /// <summary>A start of the node with these settings and plugins, taking host services (logging, clock, store) from <paramref name="services"/>.</summary>
    public NodeBootstrap(NodeOptions options, PluginCatalog catalog, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(services);
        _options = options;
        _catalog = catalog;
        _services = services;
        _logger = services.GetRequiredService<ILogger<NodeBootstrap>>();
    }

    /// <summary>This node as its transports see it: its kept id, its advertised addresses and its TLS.</summary>
    public TransportSetup Context => Built(_context);

    /// <summary>The transports and the election timer the settings picked.</summary>
    public NodePlugins Plugins => Built(_plugins);

    /// <summary>The identity and durable state the node started from, and whom to ask to join.</summary>
    public NodeStartup Startup => Built(_startup);

    /// <summary>The cluster secrets and the peer-message authenticator, or <see cref="PeerSecurity.None"/>.</summary>
    public PeerSecurity Security => Built(_security);

    /// <summary>
    /// The transport the node sends through: every loaded one behind the router, and with a cluster secret
    /// behind the signing layer too (the advertise check's message to itself must be signed like any other).
    /// </summary>
    public ITransport PeerTransport => Built(_peerTransport);

    /// <summary>The node actor, built but not started (the host starts it).</summary>
    public NodeActor Actor => Built(_actor);

    /// <summary>Runs the start sequence once.</summary>
    /// <exception cref="NodeSettingsException">A setting names what cannot be had: an unknown plugin, a transport that cannot receive at the advertised address, an unreadable data directory, another node's id.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_actor is not null)
        {
            throw new InvalidOperationException("The node was already bootstrapped.");
        }

        var started = Stopwatch.GetTimestamp();
        var phase = started;
        void Done(string step)
        {
            Log.Phase(_logger, step, Stopwatch.GetElapsedTime(phase).TotalMilliseconds);
            phase = Stopwatch.GetTimestamp();
        }

        _context = Identity();
        Done("identity");

        // Plugins before any state is written: an unknown transport or timer name must stop the start first.
        _plugins = PickPlugins();
        Done("plugins");

        EnsureTransportReachesSelf(_plugins.Transport, _context.Self);
        Done("transport reaches this node");

        var store = _services.GetRequiredService<IDurableStateStore>();
        _startup = await NodeStartup.LoadAsync(_options, _context.Self, store, _services.GetRequiredService<ILogger<NodeStartup>>(), cancellationToken)
            .ConfigureAwait(false);
        Done("durable state");

        _security = LoadPeerSecurity(_context.Self.Id);
        _peerTransport = _security.Authenticator is { } authenticator
            ? new AuthenticatingTransport(_plugins.Transport, authenticator, _services.GetRequiredService<ILogger<AuthenticatingTransport>>())
            : _plugins.Transport;
        Done("peer security");

        var metrics = _services.GetRequiredService<NodeMetrics>();
        _actor = new NodeActor(
            _startup.Self,
            _options.ToCoreOptions(_startup.Self.Id),
            _startup.State,
            _plugins.Timer,
            _peerTransport,
            store,
            _services.GetRequiredService<TimeProvider>(),
            _services.GetRequiredService<ILogger<NodeActor>>(),
            metrics: metrics);
        metrics.Observe(_actor);
        Done("actor");
        Log.Bootstrapped(_logger, _context.Self.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// The node's id, kept in its data directory from the first start on (<see cref="NodeIdFile"/>), and its
    /// CURVE key when asked for (<see cref="ZmqCurveKeyFile"/>): its public key is part of the advertised peer address.
    /// </summary>
    private TransportSetup Identity()
    {
        var id = NodeIdFile.LoadOrCreate(_options.DataDirectory, _options.Id);
        var keyFile = _options.CurveKeyFilePath;
        var self = _options.ToMember(id, keyFile is null ? null : ZmqCurveKeyFile.LoadOrCreatePublicKey(keyFile));
        return new TransportSetup(self, _options.ToCoreOptions(self.Id).ElectionTimeout)
        {
            CurveKeyFile = keyFile,
            Tls = _services.GetRequiredService<NodeTls>().Peer,
        };
    }

    /// <summary>
    /// Every loaded transport behind one router, the one the <c>transport</c> setting names first, and the
    /// timer the <c>timer</c> setting names. The plugins' classes are created here, from the services, now
    /// that the <see cref="Context"/> their constructors take exists.
    /// </summary>
    private NodePlugins PickPlugins()
    {
        var transports = _services.GetServices<ITransport>().ToList();
        var router = new TransportRouter(
            PluginSelection.Pick(transports, t => t.Name, "transport", _options.Transport, _catalog.Directory),
            transports);
        var timer = PluginSelection.Pick(_services.GetServices<IElectionTimer>(), t => t.Name, "timer", _options.Timer, _catalog.Directory);
        return new NodePlugins(router, timer);
    }

    /// <summary>The selected transport must be able to receive at the address this node advertises to peers.</summary>
    private void EnsureTransportReachesSelf(TransportRouter router, Member self)
    {
        if (!router.Transports[0].CanReach(self.PeerAddress))
        {
            throw new NodeSettingsException(
                $"transport: '{_options.Transport}' cannot receive at {self.PeerAddress}; give it a peer-port " +
                "(peers then reach this node at tcp://{host}:{peer-port})");
        }
    }

    private PeerSecurity LoadPeerSecurity(string selfId)
    {
        var secrets = _options.LoadClusterSecrets();
        if (secrets is null)
        {
            Log.Unauthenticated(_logger);
            return PeerSecurity.None;
        }

        Log.Authenticated(_logger, secrets.Keys.Count);
        return new PeerSecurity(secrets, new PeerMessageAuthenticator(secrets, selfId, _services.GetRequiredService<TimeProvider>()));
    }

    private static T Built<T>(T? part)
        where T : class =>
        part ?? throw new InvalidOperationException($"{typeof(T).Name} is built by {nameof(NodeBootstrap)}.{nameof(RunAsync)}, which has not run yet.");

    private static partial class Log
    {
        [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "Start: {Phase} took {Milliseconds:0.0} ms")]
        public static partial void Phase(ILogger logger, string phase, double milliseconds);

        [LoggerMessage(EventId = 407, Level = LogLevel.Debug, Message = "Node {Id} bootstrapped in {Milliseconds:0.0} ms; the host starts it and serves next")]
        public static partial void Bootstrapped(ILogger logger, string id, double milliseconds);

        [LoggerMessage(EventId = 408, Level = LogLevel.Warning, Message = "Peers are not authenticated: anyone who reaches this node's ports can send it peer messages and raise its term. Set cluster-secret-file (or DUCK_CLUSTER_SECRET) to the same secret on every member")]
        public static partial void Unauthenticated(ILogger logger);

        [LoggerMessage(EventId = 409, Level = LogLevel.Information, Message = "Peer messages are signed and checked with {Count} cluster secret(s) (HMAC-SHA256)")]
        public static partial void Authenticated(ILogger logger, int count);
    }
}
