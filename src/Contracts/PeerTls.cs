using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// The TLS material a node (or a script talking to nodes) uses: its own certificate, presented to
/// peers as a client certificate, and the cluster's certificate authority, which alone is trusted to
/// vouch for servers and peers (not the operating system's store). Loaded once from PEM files.
/// </summary>
public sealed class PeerTls
{
    /// <summary>Creates the material; either part may be missing.</summary>
    /// <param name="certificate">This party's certificate with its private key, or null to present none.</param>
    /// <param name="authority">The cluster's CA, or null to verify servers against the operating system's store.</param>
    public PeerTls(X509Certificate2? certificate, X509Certificate2? authority)
    {
        if (certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The certificate must come with its private key.", nameof(certificate));
        }

        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This party's certificate with its private key, presented as client certificate; or null.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The cluster's certificate authority, the only trust anchor when set; or null.</summary>
    public X509Certificate2? Authority { get; }

    /// <summary>
    /// Reads PEM files: a certificate and its key (both or neither) and a CA certificate (optional).
    /// </summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A file is not the PEM it should be.</exception>
    public static PeerTls Load(string? certificateFile, string? keyFile, string? authorityFile)
    {
        var certificate = certificateFile is null || keyFile is null
            ? null
            : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        if (certificate is not null && OperatingSystem.IsWindows())
        {
            // SChannel cannot use the ephemeral key a PEM load gives; a PKCS#12 round trip stores it.
            using var ephemeral = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        var authority = authorityFile is null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(authorityFile));
        return new PeerTls(certificate, authority);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains up to <see cref="Authority"/> and to nothing else
    /// (X509ChainTrustMode.CustomRootTrust), is within its validity period, and the CA is set.
    /// </summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (Authority is null)
        {
            return false;
        }

        using var chain = new X509Chain { ChainPolicy = CreateChainPolicy() };
        return chain.Build(certificate);
    }

    /// <summary>
    /// A chain policy that trusts <see cref="Authority"/> alone. Revocation is not checked: a throwaway
    /// cluster CA publishes no revocation list, and a cluster replaces a leaked key by replacing its CA.
    /// </summary>
    public X509ChainPolicy CreateChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (Authority is not null)
        {
            policy.CustomTrustStore.Add(Authority);
        }

        return policy;
    }

    /// <summary>
    /// Sets up <paramref name="handler"/> for this material: present <see cref="Certificate"/> to servers
    /// that ask for one, and, when <see cref="Authority"/> is set, accept a server only if its certificate
    /// chains to it and names the host asked for. Returns the handler.
    /// </summary>
    public SocketsHttpHandler Apply(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [Certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => Certificate;
        }

        if (Authority is not null)
        {
            // The chain is built again against the CA alone; the platform's verdict is kept for the rest
            // (a name mismatch or a missing certificate still fails).
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && certificate is X509Certificate2 server
                && IsIssuedByAuthority(server);
        }

        return handler;
    }

    /// <summary>A new handler set up by <see cref="Apply"/>.</summary>
    public SocketsHttpHandler CreateHandler() => Apply(new SocketsHttpHandler());
}
