using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// This node's TLS material, read once from the tls-* settings (<see cref="NodeOptions.LoadTls"/>) and
/// shared by Kestrel, the transport and every HTTP client the node makes.
/// </summary>
/// <param name="Peer">The certificate and CA, or null when the node runs plain HTTP.</param>
public sealed record NodeTls(PeerTls? Peer)
{
    /// <summary>Whether peers must present a client certificate issued by the cluster's CA (tls-ca-file is set).</summary>
    public bool RequiresPeerCertificates => Peer?.Authority is not null;
}
