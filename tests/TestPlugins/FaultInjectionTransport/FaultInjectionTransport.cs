using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Transports;

/// <summary>
/// The HTTP transport with switchable faults, for partition tests: a send to a peer listed in the file named
/// by the <c>DDG_FAULTS_FILE</c> environment variable fails at once with a <see cref="TransportException"/>,
/// as if the network had dropped it; every other send goes through an ordinary <see cref="HttpTransport"/>.
/// The file is a JSON array of strings, each a peer id, a peer URL, or <c>*</c> for every peer, such as
/// <c>["n2", "http://127.0.0.1:4003"]</c>, compared ignoring case and a trailing slash; it is re-read at most every 50 ms, so a test can cut and heal
/// links while nodes run (write it atomically: a temp file, then a rename). A missing file, or no variable,
/// means no faults. Only sends are dropped, because the host serves the inbound side; to cut the link
/// between A and B completely, list B in A's file and A in B's.
/// </summary>
public sealed partial class FaultInjectionTransport : ITransport, IHttpRoutedTransport
{
    /// <summary>
    /// The environment variable naming the fault file. Not <c>DUCK_*</c>: the host reads every <c>DUCK_*</c>
    /// variable as a node setting and refuses to start on an unknown one.
    /// </summary>
    public const string FaultsFileVariable = "DDG_FAULTS_FILE";

    private readonly HttpTransport _inner;
    private readonly FaultFile _faults;
    private readonly ILogger<FaultInjectionTransport> _logger;

    /// <summary>Creates the transport; the host registers <paramref name="context"/> in DI.</summary>
    public FaultInjectionTransport(TransportSetup context, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _inner = new HttpTransport(context, loggerFactory.CreateLogger<HttpTransport>());
        _logger = loggerFactory.CreateLogger<FaultInjectionTransport>();
        _faults = new FaultFile(Environment.GetEnvironmentVariable(FaultsFileVariable), _logger);
    }

    /// <inheritdoc />
    public string Name => "faulty-http";

    /// <inheritdoc />
    public bool CanReach(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <inheritdoc />
    public string RoutePrefix => _inner.RoutePrefix;

    /// <inheritdoc />
    public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken) =>
        _inner.StartAsync(inbound, cancellationToken);

    /// <inheritdoc />
    public Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (_faults.Blocks(to))
        {
            LogDropped(message.GetType().Name, to.Id, to.Url);
            return Task.FromException<PeerMessage>(
                new TransportException($"fault injection drops messages to {to.Id} at {to.Url}"));
        }

        return _inner.SendAsync(to, message, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Fault injection dropped {MessageType} to {PeerId} at {PeerUrl}")]
    private partial void LogDropped(string messageType, string peerId, string peerUrl);
}
