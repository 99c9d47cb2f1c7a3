using System.Buffers.Binary;
using System.Text;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>
/// Junk for a node's ZeroMQ port: raw bytes for a TCP connection (broken ZMTP greetings), and frames for a
/// DEALER. The frame layout is plugins/ZeroMqTransport's: a 9-byte header (kind 1 request, 2 reply, 3 failure,
/// then a big-endian 64-bit correlation id) and a body of at most 4 MiB.
/// </summary>
public static class ZeroMqJunk
{
    /// <summary>The header kind of a request.</summary>
    public const byte Request = 0x01;

    /// <summary>The largest body the transport takes (its MaxBodyBytes).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>A header frame of <paramref name="kind"/> and <paramref name="correlation"/>.</summary>
    public static byte[] Header(byte kind, ulong correlation)
    {
        var header = new byte[9];
        header[0] = kind;
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(1), correlation);
        return header;
    }

    /// <summary>Bytes for a raw connection to the ZeroMQ port.</summary>
    public static (byte[] Bytes, string How) Raw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] signature = [0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F];
        switch (random.Next(6))
        {
            case 0:
                return (JsonJunk.RandomBytes(random, 1, 4_000), "random-bytes");
            case 1:
                return ([.. signature, .. JsonJunk.RandomBytes(random, 1, 200)], "signature-then-junk");
            case 2:
                // ZMTP 3.0 greeting with an unknown mechanism.
                var greeting = new byte[64];
                signature.CopyTo(greeting, 0);
                greeting[10] = 3;
                Encoding.ASCII.GetBytes("FUZZ").CopyTo(greeting, 12);
                return (greeting, "unknown-mechanism");
            case 3:
                // A valid NULL greeting, then a long frame announcing more than it sends.
                var hello = new byte[64];
                signature.CopyTo(hello, 0);
                hello[10] = 3;
                Encoding.ASCII.GetBytes("NULL").CopyTo(hello, 12);
                byte[] longFrame = [0x06, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3];
                return ([.. hello, .. longFrame], "huge-frame-length");
            case 4:
                return ([0xFF, .. JsonJunk.RandomBytes(random, 0, 9)], "short-greeting");
            default:
                return (Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "http-at-zeromq");
        }
    }

    /// <summary>Frames for a DEALER; <c>Correlation</c> is set when the frames are a well-framed request the node should answer.</summary>
    public static (byte[][] Frames, string How, ulong? Correlation) Frames(Random random, ulong correlation)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (body, how) = PeerJunk.Next(random);
        return random.Next(10) switch
        {
            0 => ([JsonJunk.RandomBytes(random, 0, 100)], "one-frame", null),
            1 => ([JsonJunk.RandomBytes(random, 0, 20), body], "bad-header", null),
            2 => ([Header((byte)(random.Next(2) == 0 ? 0x02 : 0x03), correlation), body], "reply-kind", null),
            3 => ([Header((byte)random.Next(4, 256), correlation), body], "unknown-kind", null),
            4 => ([Header(Request, correlation), body, JsonJunk.RandomBytes(random, 0, 50)], "extra-frame", null),
            5 => ([Header(Request, correlation)[..random.Next(9)], body], "short-header", null),
            6 when random.Next(20) == 0 => ([Header(Request, correlation), new byte[MaxBodyBytes + 1 + random.Next(1000)]], "oversized-body", null),
            7 => ([Header(Request, correlation), []], "empty-body", correlation),
            _ => ([Header(Request, correlation), body], "request:" + how, correlation),
        };
    }
}
