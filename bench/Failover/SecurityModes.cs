namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// The security modes the benchmark can put side by side: <c>plain</c> (no cluster secret), <c>secret</c>
/// (every peer message signed and verified with HMAC-SHA256, joins prove the secret), and the TLS modes
/// <c>tls</c> and <c>secret+tls</c>, which are named already but refused until the host serves TLS.
/// </summary>
internal static class SecurityModes
{
    public const string Plain = "plain";
    public const string Secret = "secret";
    public const string Tls = "tls";
    public const string SecretTls = "secret+tls";

    /// <summary>Every name the option takes.</summary>
    public static readonly IReadOnlyList<string> Known = [Plain, Secret, Tls, SecretTls];

    /// <summary>The modes this build can run: the host has no TLS settings yet.</summary>
    public static readonly IReadOnlyList<string> Available = [Plain, Secret];

    /// <summary>Whether nodes (and the round trip's two ends) hold the cluster secret in <paramref name="mode"/>.</summary>
    public static bool UsesSecret(string mode) => mode is Secret or SecretTls;
}
