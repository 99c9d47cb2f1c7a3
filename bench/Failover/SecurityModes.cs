namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// The security modes the benchmark can put side by side: <c>plain</c> (no cluster secret), <c>secret</c>
/// (every peer message signed and verified with HMAC-SHA256, joins prove the secret), <c>tls</c> (HTTPS
/// with mutual TLS on the peer endpoint, certificates from a CA made for the run) and <c>secret+tls</c> (both).
/// </summary>
internal static class SecurityModes
{
    public const string Plain = "plain";
    public const string Secret = "secret";
    public const string Tls = "tls";
    public const string SecretTls = "secret+tls";

    /// <summary>Every name the option takes.</summary>
    public static readonly IReadOnlyList<string> Known = [Plain, Secret, Tls, SecretTls];

    /// <summary>Whether nodes (and the round trip's two ends) hold the cluster secret in <paramref name="mode"/>.</summary>
    public static bool UsesSecret(string mode) => mode is Secret or SecretTls;

    /// <summary>Whether nodes (and the round trip's two ends) talk HTTPS with mutual TLS in <paramref name="mode"/>.</summary>
    public static bool UsesTls(string mode) => mode is Tls or SecretTls;
}
