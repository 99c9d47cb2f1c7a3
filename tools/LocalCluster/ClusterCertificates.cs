using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// A throwaway certificate authority for a local cluster, made at run time with
/// <see cref="CertificateRequest"/> (nothing is committed or reused): <c>ca.pem</c> in
/// <see cref="Directory"/>, a certificate per node (<see cref="ForNode"/>: <c>{name}.pem</c> and
/// <c>{name}.key</c>, for 127.0.0.1, ::1 and localhost, good as server and as client) and one for the
/// caller's own client (<see cref="Client"/>). ECDSA P-256 keys; the CA is valid for three days, what it issues for two.
/// </summary>
public sealed class ClusterCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CertificateFiles> _nodes = [];

    private ClusterCertificates(string directory, X509Certificate2 authority)
    {
        Directory = directory;
        Authority = authority;
        AuthorityFile = Path.Combine(directory, "ca.pem");
        File.WriteAllText(AuthorityFile, authority.ExportCertificatePem());
        Client = new PeerTls(Issue(authority, "duckduckgoose-client"), authority);
    }

    /// <summary>The folder the PEM files are written to.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate, with its private key (it never leaves this process).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate as PEM (<c>ca.pem</c>): what nodes get as tls-ca-file and curl as <c>--cacert</c>.</summary>
    public string AuthorityFile { get; }

    /// <summary>A client certificate issued by the CA, with the CA as the only trust anchor: what this process's own clients use.</summary>
    public PeerTls Client { get; }

    /// <summary>Creates a fresh CA named <paramref name="name"/> and writes <c>ca.pem</c> into <paramref name="directory"/>.</summary>
    public static ClusterCertificates Create(string directory, string name = "DuckDuckGoose throwaway CA")
    {
        System.IO.Directory.CreateDirectory(directory);
        return new ClusterCertificates(directory, CreateAuthority(name));
    }

    /// <summary>The node <paramref name="name"/>'s certificate and key files, issued and written on first use.</summary>
    public CertificateFiles ForNode(string name)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(name, out var files))
            {
                using var certificate = Issue(Authority, name);
                files = Write(certificate, Path.Combine(Directory, name));
                _nodes[name] = files;
            }

            return files;
        }
    }

    /// <summary>The node settings that run a node on TLS with its own certificate and mutual TLS with this CA.</summary>
    public IReadOnlyDictionary<string, string> NodeSettings(string name)
    {
        var files = ForNode(name);
        return new Dictionary<string, string>
        {
            ["tls-cert-file"] = files.CertificateFile,
            ["tls-key-file"] = files.KeyFile,
            ["tls-ca-file"] = AuthorityFile,
        };
    }

    /// <summary>A self-signed CA certificate (basic constraints CA, key usage cert and CRL signing).</summary>
    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(3));
    }

    /// <summary>
    /// A certificate for <paramref name="name"/> issued by <paramref name="authority"/>, with its private key:
    /// subject alternative names 127.0.0.1, ::1 and localhost, usable for both server and client authentication.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notAfter = new[] { now.AddDays(2), new DateTimeOffset(authority.NotAfter).AddMinutes(-1) }.Min();
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <paramref name="certificate"/> as <c>{stem}.pem</c> and its private key as <c>{stem}.key</c> (PKCS#8, owner-only).</summary>
    public static CertificateFiles Write(X509Certificate2 certificate, string stem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var files = new CertificateFiles(stem + ".pem", stem + ".key");
        File.WriteAllText(files.CertificateFile, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("Only ECDSA certificates with a private key.", nameof(certificate));
        File.WriteAllText(files.KeyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(files.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return files;
    }
}
