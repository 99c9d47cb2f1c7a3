using System.Threading.Channels;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// A subscription to a node's <see cref="ElectionEventLog"/>: the events it kept when the subscription was
/// made, then each event appended since, in order. Disposing it ends it (the log stops writing to it).
/// </summary>
public sealed class ElectionEventSubscription : IDisposable
{
    private readonly Action _unsubscribe;
    private int _disposed;

    internal ElectionEventSubscription(IReadOnlyList<ElectionEvent> backlog, ChannelReader<ElectionEvent> events, Action unsubscribe)
    {
        Backlog = backlog;
        Events = events;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The newest events already kept when the subscription was made, oldest first.</summary>
    public IReadOnlyList<ElectionEvent> Backlog { get; }

    /// <summary>
    /// The events appended after <see cref="Backlog"/>, oldest first. When the reader falls
    /// <see cref="ElectionEventLog.Capacity"/> events behind, the oldest unread are dropped.
    /// </summary>
    public ChannelReader<ElectionEvent> Events { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
        }
    }
}
