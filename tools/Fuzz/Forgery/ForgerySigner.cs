using System.Text.Json;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;

namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>
/// Turns a forgery into the bytes a transport carries, signing it with the host's own
/// <see cref="PeerMessageAuthenticator"/>: with the cluster's secret (for replays and re-addressed messages)
/// or with another one. Signing happens at delivery, because a tag holds the time and a node refuses one
/// more than 30 s old; so, with a secret, the tags differ from run to run while everything else is seeded.
/// </summary>
public sealed class ForgerySigner
{
    /// <summary>A secret no node holds, 32 bytes or more.</summary>
    public const string WrongSecret = "fuzz-a-wrong-cluster-secret-0123456789abcdef";

    private readonly PeerMessageAuthenticator? _right;
    private readonly PeerMessageAuthenticator _wrong;

    /// <summary>A signer for a cluster holding <paramref name="clusterSecret"/> (null: none).</summary>
    public ForgerySigner(string? clusterSecret)
    {
        _right = clusterSecret is null ? null : new PeerMessageAuthenticator(ClusterSecrets.Parse(clusterSecret), "fuzz", TimeProvider.System);
        _wrong = new PeerMessageAuthenticator(ClusterSecrets.Parse(WrongSecret), "fuzz", TimeProvider.System);
    }

    /// <summary>The JSON body of <paramref name="forged"/> for delivery to node <paramref name="targetId"/>.</summary>
    public byte[] Body(ForgedMessage forged, string targetId)
    {
        ArgumentNullException.ThrowIfNull(forged);
        var to = forged.SignFor ?? targetId;
        var message = forged.Signing switch
        {
            ForgerySigning.WrongSecret => _wrong.Sign(forged.Message, to),
            ForgerySigning.ClusterSecret => (_right ?? throw new InvalidOperationException("no cluster secret to sign with")).Sign(forged.Message, to),
            _ => forged.Message,
        };
        return JsonSerializer.SerializeToUtf8Bytes(message, PeerJsonContext.Default.PeerMessage);
    }
}
