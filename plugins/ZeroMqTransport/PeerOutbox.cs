using System.Threading.Channels;
using NetMQ.Sockets;

namespace DuckDuckGoose.Transports;

/// <summary>
/// The bounded queue of requests to one peer address, plus that peer's DEALER socket. Senders write from any
/// thread and never wait: when the queue is full the oldest request is dropped (a stale heartbeat is worth
/// less than a fresh one, and a lost message is normal in Raft, a stuck node actor is not). Only the socket
/// owner thread reads the queue and touches <see cref="Dealer"/>.
/// </summary>
internal sealed class PeerOutbox
{
    private readonly Channel<OutboundRequest> _queue;
    private int _scheduled;

    public PeerOutbox(string address, int capacity, Action<OutboundRequest> dropped)
    {
        Address = address;
        _queue = Channel.CreateBounded(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped);
    }

    public string Address { get; }

    /// <summary>The DEALER connected to <see cref="Address"/>; created and used on the socket owner thread only.</summary>
    public DealerSocket? Dealer { get; set; }

    public void Write(OutboundRequest request) => _queue.Writer.TryWrite(request);

    public bool TryRead(out OutboundRequest request) => _queue.Reader.TryRead(out request);

    /// <summary>True for the one caller that must wake the socket owner thread for this outbox.</summary>
    public bool TrySchedule() => Interlocked.Exchange(ref _scheduled, 1) == 0;

    /// <summary>Called by the socket owner thread before it drains, so a write during the drain wakes it again.</summary>
    public void Unschedule() => Volatile.Write(ref _scheduled, 0);
}
