namespace DuckDuckGoose.Host.Security;

/// <summary>
/// The node's cluster secrets and the authenticator built on them; both null when no secret is set, in
/// which case peers are not authenticated (the node says so once at start).
/// </summary>
/// <param name="Secrets">The secrets from <c>cluster-secret</c> or <c>cluster-secret-file</c>, or null.</param>
/// <param name="Authenticator">Signs and verifies peer messages with them, or null.</param>
public sealed record PeerSecurity(ClusterSecrets? Secrets, PeerMessageAuthenticator? Authenticator)
{
    /// <summary>No secret: peer messages are neither signed nor checked.</summary>
    public static PeerSecurity None { get; } = new(null, null);
}
