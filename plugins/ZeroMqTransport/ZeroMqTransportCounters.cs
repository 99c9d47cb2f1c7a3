namespace DuckDuckGoose.Transports;

/// <summary>A snapshot of what a <see cref="ZeroMqTransport"/> has done since it was created.</summary>
/// <param name="Sent">Requests put on the wire to a peer.</param>
/// <param name="Received">Well-formed requests from peers handed to the node's handler.</param>
/// <param name="Dropped">
/// Requests thrown away without being sent or handled: the oldest of a full per-peer queue, one refused by a
/// peer socket at its high-water mark, or an inbound request while too many are being handled already.
/// </param>
/// <param name="Garbage">Malformed messages from anyone (wrong frames, bad header, body that is no peer message), dropped.</param>
/// <param name="LateReplies">Well-formed replies that arrived after their request had given up.</param>
/// <param name="Pending">Requests sent and still waiting for their reply right now.</param>
public sealed record ZeroMqTransportCounters(long Sent, long Received, long Dropped, long Garbage, long LateReplies, int Pending);
