using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Transports;

/// <summary>
/// The ZeroMQ transport with switchable faults, for partition tests; the twin of the <c>faulty-http</c>
/// test transport, reading the same fault file the same way. A send to a peer listed in the file
/// named by the <c>DDG_FAULTS_FILE</c> environment variable fails at once with a <see cref="TransportException"/>,
/// as if the network had dropped it; every other send goes through an ordinary <see cref="ZeroMqTransport"/>,
/// which also receives on this node's <c>tcp://</c> peer address. The file is a JSON array of strings, each a
/// peer id, a peer URL or peer address, or <c>*</c> for every peer, re-read at most every 50 ms (write it
/// atomically: a temp file, then a rename). A missing file, or no variable, means no faults. Only sends are
/// dropped; to cut the link between A and B completely, list B in A's file and A in B's.
/// </summary>
public sealed partial class FaultInjectionZeroMqTransport : ITransport
{
    /// <summary>
    /// The environment variable naming the fault file. Not <c>DUCK_*</c>: the host reads every <c>DUCK_*</c>
    /// variable as a node setting and refuses to start on an unknown one.
    /// </summary>
    public const string FaultsFileVariable = "DDG_FAULTS_FILE";

    private readonly ZeroMqTransport _inner;
    private readonly FaultFile _faults;
    private readonly ILogger<FaultInjectionZeroMqTransport> _logger;

    /// <summary>Creates the transport; the host registers <paramref name="context"/> in DI.</summary>
    public FaultInjectionZeroMqTransport(TransportSetup context, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _inner = new ZeroMqTransport(context, loggerFactory.CreateLogger<ZeroMqTransport>());
        _logger = loggerFactory.CreateLogger<FaultInjectionZeroMqTransport>();
        _faults = new FaultFile(Environment.GetEnvironmentVariable(FaultsFileVariable), _logger);
    }

    /// <inheritdoc />
    public string Name => "faulty-zeromq";

    /// <inheritdoc />
    public bool CanReach(string address) => _inner.CanReach(address);

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
            LogDropped(message.GetType().Name, to.Id, to.PeerAddress);
            return Task.FromException<PeerMessage>(
                new TransportException($"fault injection drops messages to {to.Id} at {to.PeerAddress}"));
        }

        return _inner.SendAsync(to, message, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Fault injection dropped {MessageType} to {PeerId} at {PeerAddress}")]
    private partial void LogDropped(string messageType, string peerId, string peerAddress);
}
