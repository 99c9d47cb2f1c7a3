namespace DuckDuckGoose.Transports;

/// <summary>A request waiting in a <see cref="PeerOutbox"/> for the socket owner thread to put it on the wire.</summary>
internal readonly record struct OutboundRequest(ulong Correlation, byte[] Body);
