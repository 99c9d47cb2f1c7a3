using DuckDuckGoose.Client;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// The node's recent election events (<c>GET /events</c>): a bounded ring, oldest dropped first. The node
/// actor appends; any thread reads a copy.
/// </summary>
public sealed class ElectionEventLog
{
    /// <summary>How many events are kept.</summary>
    public const int Capacity = 256;

    private readonly Queue<ElectionEvent> _events = new(Capacity);
    private readonly Lock _lock = new();

    /// <summary>Appends <paramref name="entry"/>, dropping the oldest when full.</summary>
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
}
