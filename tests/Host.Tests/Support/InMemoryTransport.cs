using System.Collections.Concurrent;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// A transport for tests: it records every send, answers through <see cref="Responder"/> when set, and
/// otherwise delivers through its <see cref="InMemoryNetwork"/>. With a request timeout, a send the peer does
/// not answer in time is a <see cref="TransportException"/> (the transport contract); without one it waits.
/// </summary>
public sealed class InMemoryTransport : ITransport
{
    private readonly InMemoryNetwork _network;
    private readonly string _url;
    private readonly TimeSpan? _requestTimeout;
    private volatile bool _disposed;

    public InMemoryTransport(InMemoryNetwork network, string url, TimeSpan? requestTimeout = null)
    {
        _network = network;
        _url = url.TrimEnd('/');
        _requestTimeout = requestTimeout;
    }

    public string Name => "memory";

    public bool CanReach(string address) => true;

    public ConcurrentQueue<(Member To, PeerMessage Message)> Sent { get; } = new();

    /// <summary>Answers sends itself when set: a null answer means the peer is unreachable.</summary>
    public Func<Member, PeerMessage, PeerMessage?>? Responder { get; set; }

    public Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken)
    {
        _network.Attach(_url, inbound);
        return Task.CompletedTask;
    }

    public Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return Task.FromException<PeerMessage>(new TransportException("The in-memory transport is disposed."));
        }

        Sent.Enqueue((to, message));
        if (Responder is { } responder)
        {
            return responder(to, message) is { } answer
                ? Task.FromResult(answer)
                : Task.FromException<PeerMessage>(new TransportException($"{to.Url} is unreachable."));
        }

        return _requestTimeout is { } timeout
            ? DeliverWithinAsync(to, message, timeout, cancellationToken)
            : _network.DeliverAsync(to, message, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _network.Detach(_url);
        return ValueTask.CompletedTask;
    }

    private async Task<PeerMessage> DeliverWithinAsync(Member to, PeerMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _network.DeliverAsync(to, message, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("send cancelled by the caller", e, cancellationToken);
        }
        catch (OperationCanceledException e)
        {
            throw new TransportException($"no reply from {to.Url} within {timeout.TotalMilliseconds} ms", e);
        }
    }
}
