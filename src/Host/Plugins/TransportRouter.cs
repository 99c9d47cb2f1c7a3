using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>
/// The node's one transport as the actor sees it, over every loaded transport plugin: each message goes
/// through the transport that reaches the peer's address (<see cref="ITransport.CanReach"/>), the selected
/// one first, so a cluster can move from HTTP to ZeroMQ one node at a time while every node still reaches
/// every other. Starting it starts every transport; each receives on what this node advertises for it.
/// </summary>
public sealed class TransportRouter : ITransport
{
    private readonly ITransport _selected;
    private readonly IReadOnlyList<ITransport> _ordered;

    /// <summary>Routes over <paramref name="all"/>, preferring <paramref name="selected"/>.</summary>
    public TransportRouter(ITransport selected, IEnumerable<ITransport> all)
    {
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(all);
        _selected = selected;
        _ordered = [selected, .. all.Where(t => !ReferenceEquals(t, selected))];
    }

    /// <summary>The selected transport's name.</summary>
    public string Name => _selected.Name;

    /// <summary>The loaded transports, the selected one first.</summary>
    public IReadOnlyList<ITransport> Transports => _ordered;

    /// <inheritdoc />
    public bool CanReach(string address) => For(address) is not null;

    /// <inheritdoc />
    public async Task StartAsync(IPeerMessageHandler inbound, CancellationToken cancellationToken)
    {
        foreach (var transport in _ordered)
        {
            await transport.StartAsync(inbound, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <exception cref="TransportException">No loaded transport reaches the peer's address, or the send failed.</exception>
    public Task<PeerMessage> SendAsync(Member to, PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        var transport = For(to.PeerAddress) ?? throw new TransportException(
            $"no loaded transport reaches {to.Id} at {to.PeerAddress} (loaded: {string.Join(", ", _ordered.Select(t => t.Name))}); " +
            "copy the transport's plugin folder into this node's plugins folder");
        return transport.SendAsync(to, message, cancellationToken);
    }

    /// <summary>The transports are the container's to dispose; the router holds nothing of its own.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ITransport? For(string address) => _ordered.FirstOrDefault(t => t.CanReach(address));
}
