using System.Buffers.Binary;

namespace DuckDuckGoose.Transports;

/// <summary>
/// The wire layout, two ZeroMQ frames per message in both directions:
/// <list type="number">
/// <item>header, 9 bytes: a kind byte (<see cref="Request"/>, <see cref="Reply"/> or <see cref="Failure"/>)
/// then the sender-chosen correlation id as an unsigned 64-bit big-endian integer;</item>
/// <item>body: for a request or a reply the UTF-8 JSON of one PeerMessage (PeerJsonContext, the same JSON the
/// HTTP transport posts), for a failure a short UTF-8 reason; at most <see cref="MaxBodyBytes"/>.</item>
/// </list>
/// A request goes DEALER → ROUTER (the ROUTER sees the connection's identity frame in front); its reply or
/// failure comes back with the same correlation id. Anything else is garbage: dropped and counted.
/// </summary>
internal static class ZeroMqFrames
{
    public const byte Request = 0x01;
    public const byte Reply = 0x02;
    public const byte Failure = 0x03;

    public const int HeaderLength = 9;

    /// <summary>Peer messages are a few hundred bytes; a frame past this is not a peer talking.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static byte[] Header(byte kind, ulong correlation)
    {
        var header = new byte[HeaderLength];
        header[0] = kind;
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(1), correlation);
        return header;
    }

    public static bool TryReadHeader(byte[] frame, out byte kind, out ulong correlation)
    {
        if (frame.Length != HeaderLength || frame[0] is not (Request or Reply or Failure))
        {
            kind = 0;
            correlation = 0;
            return false;
        }

        kind = frame[0];
        correlation = BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(1));
        return true;
    }
}
