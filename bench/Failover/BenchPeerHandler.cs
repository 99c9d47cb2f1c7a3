using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// The serving peer of the round-trip measurement: answers a heartbeat <see cref="AppendRequest"/> with a
/// successful <see cref="AppendResponse"/> at once, so what is timed is the transport (serialisation, sockets,
/// framing, thread hops), not a node actor or a disk.
/// </summary>
internal sealed class BenchPeerHandler(string selfId) : IPeerMessageHandler
{
    public Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken) =>
        message is AppendRequest append
            ? Task.FromResult<PeerMessage>(new AppendResponse(selfId, append.Term, append.Round, Success: true, MatchIndex: append.PrevLogIndex))
            : throw new InvalidOperationException($"The benchmark peer only answers heartbeats, not {message.GetType().Name}.");
}
