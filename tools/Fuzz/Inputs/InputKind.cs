namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>How an input is delivered.</summary>
public enum InputKind
{
    /// <summary>An HTTP request through <see cref="System.Net.Http.HttpClient"/>.</summary>
    Http,

    /// <summary>Bytes written to a TCP connection to the node's HTTP port, then its send side closed.</summary>
    RawHttp,

    /// <summary>Bytes written to a TCP connection to the node's ZeroMQ port.</summary>
    RawZeroMq,

    /// <summary>A multipart message from a ZeroMQ DEALER to the node's ROUTER.</summary>
    ZeroMqMessage,
}
