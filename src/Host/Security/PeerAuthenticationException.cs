namespace DuckDuckGoose.Host.Security;

/// <summary>A peer message (or its reply) does not prove it comes from a holder of the cluster secret; nothing was changed.</summary>
public sealed class PeerAuthenticationException(string message) : Exception(message);
