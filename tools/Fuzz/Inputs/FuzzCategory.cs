namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>What an input is aimed at and how it is broken; the rows of the report.</summary>
public enum FuzzCategory
{
    /// <summary>Malformed JSON at <c>POST /raft/message</c>: broken syntax, wrong types, out-of-range numbers, huge strings, deep nesting, unknown discriminators.</summary>
    PeerJson,

    /// <summary>The peer endpoint with wrong content types, empty and oversized bodies, wrong methods.</summary>
    PeerHttp,

    /// <summary>Malformed bodies at the admin endpoints that take one, with the admin token (never a valid request) or with a missing or wrong one.</summary>
    AdminBody,

    /// <summary>The documented routes with junk in the path, query and headers, wrong methods, unknown paths.</summary>
    AdminRoute,

    /// <summary>Raw bytes and broken HTTP over a TCP socket to the HTTP port.</summary>
    RawHttp,

    /// <summary>Raw bytes over a TCP socket to the ZeroMQ port (broken ZMTP greetings and frames).</summary>
    ZeroMqRaw,

    /// <summary>Well-framed ZeroMQ messages from a DEALER with junk, missing, extra or oversized frames and malformed bodies.</summary>
    ZeroMqFrames,

    /// <summary>Well-formed peer messages no member sent (a stranger, another cluster, a higher term; signed wrongly or replayed with a secret) over HTTP.</summary>
    ForgedHttp,

    /// <summary>The same forgeries over ZeroMQ.</summary>
    ForgedZeroMq,
}
