using System.Text;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>Bytes for a raw TCP connection to a node's HTTP port: broken requests Kestrel must answer or drop.</summary>
public static class RawHttpJunk
{
    /// <summary>One broken request and the name of how it was broken.</summary>
    public static (byte[] Bytes, string How) Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        const string body = "{\"type\":\"vote\"}";
        return random.Next(14) switch
        {
            0 => (JsonJunk.RandomBytes(random, 1, 4_000), "random-bytes"),
            1 => (Ascii("GET /status HTTP/9.9\r\nHost: x\r\n\r\n"), "bad-version"),
            2 => (Ascii($"{JsonJunk.HugeString(random, 1, 40)} /status HTTP/1.1\r\nHost: x\r\n\r\n"), "unknown-method"),
            3 => (Ascii("GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + JsonJunk.HugeString(random, 20_000, 70_000) + "\r\n\r\n"), "huge-header"),
            4 => (Ascii("GET /" + JsonJunk.HugeString(random, 9_000, 40_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), "huge-path"),
            5 => (Ascii($"POST /raft/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {random.Next(100, 100_000)}\r\n\r\n{body}"), "short-body"),
            6 => (Ascii($"POST /raft/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -{random.Next(1, 100)}\r\n\r\n{body}"), "negative-length"),
            7 => (Ascii($"POST /raft/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{random.Next(1, 0xFFFFFF):x}zz\r\n{body}\r\n0\r\n\r\n"), "bad-chunk"),
            8 => (Ascii($"POST /raft/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{body}"), "length-and-chunked"),
            9 => (Ascii("GET /status HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), "header-without-colon"),
            10 => (Ascii(string.Concat(Enumerable.Repeat("GET /status HTTP/1.1\r\nHost: x\r\n\r\n", random.Next(2, 50)))), "pipelined"),
            11 => (Ascii("GET /status HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, random.Next(101, 400)).Select(i => $"X-H{i}: v\r\n")) + "\r\n"), "many-headers"),
            12 => (Ascii("GET /status HTTP/1.1\nHost: x\n\n"), "bare-newlines"),
            _ => (Encoding.UTF8.GetBytes("GET /st\0atus\u00e9 HTTP/1.1\r\nHost: \ud83d\r\n\r\n"), "bad-bytes-in-request-line"),
        };
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
