namespace DuckDuckGoose.Contracts;

/// <summary>What the host tells every transport about the node it serves.</summary>
/// <param name="Self">This node as its peers see it.</param>
/// <param name="RequestTimeout">How long a send may wait for its reply before it counts as lost.</param>
public sealed record TransportSetup(Member Self, TimeSpan RequestTimeout)
{
    /// <summary>
    /// A file holding this node's ZeroMQ CURVE secret key (64 hex characters; the host creates it), or null
    /// when the node has none. Transports other than ZeroMQ ignore it.
    /// </summary>
    public string? CurveKeyFile { get; init; }

    /// <summary>
    /// The node's TLS material when it runs with <c>tls-cert-file</c>: a transport that connects to peers
    /// itself presents the certificate and trusts only the CA (<see cref="PeerTls.Apply"/>). Null without
    /// TLS; a transport that does not use TLS may ignore it.
    /// </summary>
    public PeerTls? Tls { get; init; }
}
