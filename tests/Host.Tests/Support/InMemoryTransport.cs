using System.Collections.Concurrent;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// A transport for tests: it records every send, answers through <see cref="Responder"/> when set, and
/// otherwise delivers through its <see cref="InMemoryNetwork"/>.
/// </summary>
public sealed class InMemoryTransport : ITransport
{
    private readonly InMemoryNetwork _network;
    private readonly string _url;

    public InMemoryTransport(InMemoryNetwork network, string url)
    {
        _network = network;
        _url = url.TrimEnd('/');
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
        Sent.Enqueue((to, message));
        if (Responder is { } responder)
        {
            return responder(to, message) is { } answer
                ? Task.FromResult(answer)
                : Task.FromException<PeerMessage>(new TransportException($"{to.Url} is unreachable."));
        }

        return _network.DeliverAsync(to, message, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _network.Detach(_url);
        return ValueTask.CompletedTask;
    }
}
