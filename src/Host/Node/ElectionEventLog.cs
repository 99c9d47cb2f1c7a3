using System.Threading.Channels;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// The node's recent election events (<c>GET /events</c>): a bounded ring, oldest dropped first. The node
/// actor appends; any thread reads a copy, or subscribes (<see cref="Subscribe"/>) to be handed each event as
/// it is appended (<c>GET /events/stream</c>). With nobody subscribed an append costs what it did without
/// subscriptions: a look at an empty array.
/// </summary>
public sealed class ElectionEventLog
{
    /// <summary>How many events are kept, and how many a subscriber that does not read may fall behind by before its oldest are dropped.</summary>
    public const int Capacity = 256;

    private readonly Queue<ElectionEvent> _events = new(Capacity);
    private readonly Lock _lock = new();

    // Replaced whole under the lock; appends read it under the same lock, so each subscriber gets every
    // event after its backlog, in order, exactly once.
    private Channel<ElectionEvent>[] _subscribers = [];

    /// <summary>How many subscriptions are open.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers).Length;

    /// <summary>Appends <paramref name="entry"/>, dropping the oldest when full, and hands it to every subscriber.</summary>
    public void Add(ElectionEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (_events.Count == Capacity)
            {
                _events.Dequeue();
            }

            _events.Enqueue(entry);

            // Never blocks: a full subscriber channel drops its oldest event (the reader is too slow, or gone
            // and not yet unsubscribed), so the actor's loop never waits for a reader.
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(entry);
            }
        }
    }

    /// <summary>The newest <paramref name="limit"/> events, oldest first.</summary>
    public IReadOnlyList<ElectionEvent> Latest(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_lock)
        {
            return [.. _events.Skip(Math.Max(0, _events.Count - limit))];
        }
    }

    /// <summary>
    /// Subscribes to the events appended from now on, with the newest <paramref name="backlog"/> events already
    /// kept, taken at the same moment: nothing is missed or seen twice between the two. Dispose the subscription
    /// to end it.
    /// </summary>
    public ElectionEventSubscription Subscribe(int backlog)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backlog);
        var channel = Channel.CreateBounded<ElectionEvent>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            var kept = _events.Skip(Math.Max(0, _events.Count - backlog)).ToList();
            Volatile.Write(ref _subscribers, [.. _subscribers, channel]);
            return new ElectionEventSubscription(kept, channel.Reader, () => Unsubscribe(channel));
        }
    }

    private void Unsubscribe(Channel<ElectionEvent> channel)
    {
        lock (_lock)
        {
            Volatile.Write(ref _subscribers, [.. _subscribers.Where(c => c != channel)]);
        }

        channel.Writer.TryComplete();
    }
}
