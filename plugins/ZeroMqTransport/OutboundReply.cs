namespace DuckDuckGoose.Transports;

/// <summary>A reply (or failure) to an inbound request, handed to the socket owner thread to send on the ROUTER.</summary>
internal sealed record OutboundReply(byte[] Identity, byte[] Header, byte[] Body);
