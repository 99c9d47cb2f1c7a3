using System.Collections.Concurrent;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>Delivers peer messages between in-process nodes by URL (hashicorp/raft's InmemTransport).</summary>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<string, IPeerMessageHandler> _nodes = new();

    public InMemoryTransport CreateTransport(string url, TimeSpan? requestTimeout = null) => new(this, url, requestTimeout);

    internal void Attach(string url, IPeerMessageHandler handler) => _nodes[url] = handler;

    internal void Detach(string url) => _nodes.TryRemove(url, out _);

    internal async Task<PeerMessage> DeliverAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        if (!_nodes.TryGetValue(to.Url.TrimEnd('/'), out var handler))
        {
            throw new TransportException($"Nobody listens at {to.Url}.");
        }

        // Hop off the sender's thread, as a real network would.
        await Task.Yield();
        try
        {
            return await handler.HandleAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not TransportException)
        {
            throw new TransportException($"{to.Url} failed: {e.Message}", e);
        }
    }
}
