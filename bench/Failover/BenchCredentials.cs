using System.Security.Cryptography;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// What the secured series of one run share: a throwaway cluster secret, and for the TLS modes a
/// throwaway CA with the node and client certificates it issues (<see cref="ClusterCertificates"/>, in a
/// temp folder deleted with this object). Made once, so every series and the round trip use the same.
/// </summary>
internal sealed class BenchCredentials : IDisposable
{
    private BenchCredentials(string clusterSecret, ClusterCertificates? certificates)
    {
        ClusterSecret = clusterSecret;
        Certificates = certificates;
    }

    /// <summary>64 random characters, given to nodes as DUCK_CLUSTER_SECRET in the secret modes.</summary>
    public string ClusterSecret { get; }

    /// <summary>The run's CA and certificates, or null when no TLS mode is measured.</summary>
    public ClusterCertificates? Certificates { get; }

    public static BenchCredentials Create(FailoverOptions options)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var certificates = options.Securities.Any(SecurityModes.UsesTls)
            ? ClusterCertificates.Create(Directory.CreateTempSubdirectory("ddg-bench-tls-").FullName)
            : null;
        return new BenchCredentials(secret, certificates);
    }

    /// <summary>The certificates for <paramref name="security"/>: the run's CA in a TLS mode, else null.</summary>
    public ClusterCertificates? CertificatesFor(string security) =>
        SecurityModes.UsesTls(security)
            ? Certificates ?? throw new InvalidOperationException($"No certificates were made for {security}.")
            : null;

    public void Dispose()
    {
        if (Certificates is { } certificates)
        {
            certificates.Authority.Dispose();
            Directory.Delete(certificates.Directory, recursive: true);
        }
    }
}
