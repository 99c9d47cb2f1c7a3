using System.Collections.Concurrent;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Transports;

/// <summary>
/// Peer messages over HTTP: a send is a frame on a WebSocket kept open to the peer (<c>{peer}/raft/stream</c>,
/// <see cref="PeerStream"/>), or <c>POST {peer}/raft/message</c> with the JSON message
/// (<see cref="PeerJsonContext"/>) while that stream is being opened and to a peer that does not serve one, and
/// the peer's reply comes back on the same path. The inbound side is the node's own web server
/// (<see cref="IHttpStreamTransport"/>), which hands each accepted stream to <see cref="ServeStreamAsync"/>.
/// Every failure, including a peer that does not answer within <see cref="TransportSetup.RequestTimeout"/>,
/// surfaces as a <see cref="TransportException"/>: Raft treats it as a lost message (Raft §5.1 allows loss)
/// and the core retries by its own timers, so the transport never retries. With <see cref="TransportSetup.Tls"/>
/// it sends to https peers, trusting only the cluster's CA and presenting the node's certificate.
/// </summary>
public sealed partial class HttpTransport : ITransport, IHttpStreamTransport
{
    /// <summary>Replies are a few hundred bytes; anything far larger is not a peer talking.</summary>
    private const int MaxReplyBytes = 1024 * 1024;

    private readonly TransportSetup _context;
    private readonly ILogger<HttpTransport> _logger;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<string, Uri> _messageUris = new(StringComparer.Ordinal);
    private readonly HttpMessageInvoker _invoker;
    private readonly ConcurrentDictionary<string, PeerStream> _streams = new(StringComparer.Ordinal);

    /// <summary>Creates the transport; the host registers <paramref name="context"/> in DI.</summary>
    public HttpTransport(TransportSetup context, ILogger<HttpTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(context.RequestTimeout, TimeSpan.Zero);
        _context = context;
        _logger = logger;

        // One client and one connection pool for the life of the node: peers are few and fixed, so
        // keeping connections warm makes a heartbeat one request, not a TCP handshake plus a request.
        var handler = new SocketsHttpHandler
        {
            // A dead peer refuses or drops the SYN; do not let a connect outlive the request itself.
            ConnectTimeout = context.RequestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Peers talk directly on their advertised URLs; an environment proxy must not sit in between.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        };

        // With TLS the peer must prove itself with a certificate from the cluster's CA, and this node
        // proves itself with its own (mutual TLS on the peer endpoint).
        context.Tls?.Apply(handler);
        _invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        _client = new HttpClient(handler, disposeHandler: true)
        {
            // The per-send deadline is a linked token (below), so the caller's token and the timeout are one.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxReplyBytes,
        };
    }

    /// <inheritdoc />
    public string Name => "http";

    /// <inheritdoc />
    public bool CanReach(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <inheritdoc />
    public string RoutePrefix => "/raft";

    /// <inheritdoc />
    public string StreamPath => $"{RoutePrefix}/stream";

    /// <summary>How many sends to a peer within a second make it worth a stream (its voters are; its non-voters are not).</summary>
    public static int StreamAfterSends => PeerStream.HotSends;

    /// <summary>How long a peer that refused a stream upgrade is sent to by POST before a stream is tried again.</summary>
    public static TimeSpan PostOnlyPeriod { get; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Nothing to start: the host serves <c>POST /raft/message</c> on the node's own web server (this
    /// transport is an <see cref="IHttpRoutedTransport"/>) and hands each message to the node's handler
    /// itself, so this transport owns no listener and keeps no reference to <paramref name="inbound"/>.
    /// </summary>
    public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_context.RequestTimeout);
        try
        {
            if (StreamTo(to)?.Open() is { } stream)
            {
                return await stream.SendAsync(message, deadline.Token).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, MessageUri(to)) { Content = new PooledJsonContent(message) };

            // The default completion option buffers the whole body under the same deadline, so a peer
            // that sends headers and then stalls is cut off too.
            using var response = await _client.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TransportException(
                    $"{to.Id} at {to.PeerAddress} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            // Already buffered (above): read where it lies, without copying it into an array first.
            using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            return JsonSerializer.Deserialize(body, PeerJsonContext.Default.PeerMessage)
                ?? throw new TransportException($"{to.Id} at {to.PeerAddress} answered JSON null instead of a message");
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (the node is stopping): that is cancellation, not a lost message, even if
            // another failure raced it. The exception carries the caller's token, not the linked one.
            throw new OperationCanceledException("send cancelled by the caller", e, cancellationToken);
        }
        catch (TransportException e)
        {
            LogSendFailed(message.GetType().Name, to.Id, to.PeerAddress, e.Message);
            throw;
        }
        catch (OperationCanceledException e)
        {
            var reason = $"no reply from {to.Id} at {to.PeerAddress} within {_context.RequestTimeout.TotalMilliseconds} ms";
            LogSendFailed(message.GetType().Name, to.Id, to.PeerAddress, reason);
            throw new TransportException(reason, e);
        }
        catch (Exception e)
        {
            // Connection refused or reset, unresolvable or malformed URL, oversized or unparsable reply, a
            // certificate not trusted: to the core all of these are one lost message.
            LogSendFailed(message.GetType().Name, to.Id, to.PeerAddress, e.Message);
            throw new TransportException($"send to {to.Id} at {to.PeerAddress} failed: {e.Message}", e);
        }
    }

    /// <summary>Closes the streams and pooled connections; sends after this fail with <see cref="TransportException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams.Values)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        _invoker.Dispose();
        _client.Dispose();
    }

    // The peer's stream (opened in the background; until then, and while the peer refuses one, sends go by POST).
    private PeerStream? StreamTo(Member to)
    {
        if (_streams.TryGetValue(to.PeerAddress, out var stream))
        {
            return stream;
        }

        if (!Uri.TryCreate(to.PeerAddress, UriKind.Absolute, out var address))
        {
            return null;
        }

        var uri = new UriBuilder(address)
        {
            Scheme = address.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
            Path = $"{address.AbsolutePath.TrimEnd('/')}{StreamPath}",
        }.Uri;
        if (_streams.Count >= 1024)
        {
            // Addresses only an intruder or a long history of changes would produce: not worth keeping.
            foreach (var old in _streams.Values)
            {
                _ = old.DisposeAsync().AsTask();
            }

            _streams.Clear();
        }

        var created = new PeerStream(uri, _invoker, $"{to.Id} at {to.PeerAddress}", _context.RequestTimeout, PostOnlyPeriod, reason => LogStreamRefused(to.Id, to.PeerAddress, reason));
        if (_streams.TryAdd(to.PeerAddress, created))
        {
            return created;
        }

        _ = created.DisposeAsync().AsTask();
        return _streams[to.PeerAddress];
    }

    // Peers are few and their addresses rarely change: each address's message URI is built once, not per send.
    private Uri MessageUri(Member to) =>
        _messageUris.TryGetValue(to.PeerAddress, out var uri) ? uri : _messageUris.GetOrAdd(to.PeerAddress, NewMessageUri);

    private Uri NewMessageUri(string address)
    {
        var uri = new Uri($"{address.TrimEnd('/')}{RoutePrefix}/message", UriKind.Absolute);
        if (_messageUris.Count >= 1024)
        {
            // Addresses only an intruder or a long history of changes would produce: not worth keeping.
            _messageUris.Clear();
        }

        return uri;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{PeerId} at {PeerUrl} does not take a stream ({Reason}): sending to it by POST for a while")]
    private partial void LogStreamRefused(string peerId, string peerUrl, string reason);

    // Debug, not Warning: a peer being down or partitioned is normal operation for a Raft cluster.
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Send of {MessageType} to {PeerId} at {PeerUrl} failed: {Reason}")]
    private partial void LogSendFailed(string messageType, string peerId, string peerUrl, string reason);
}
