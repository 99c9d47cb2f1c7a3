namespace DuckDuckGoose.LocalCluster;

/// <summary>A PEM certificate file and its PEM private key file.</summary>
/// <param name="CertificateFile">The certificate (setting <c>tls-cert-file</c>).</param>
/// <param name="KeyFile">Its private key (setting <c>tls-key-file</c>).</param>
public sealed record CertificateFiles(string CertificateFile, string KeyFile);
