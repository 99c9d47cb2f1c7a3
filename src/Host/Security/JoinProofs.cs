using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Security;

/// <summary>
/// Makes and checks the answer to a <see cref="JoinChallenge"/>. The tag covers the node's own id and
/// addresses, so a node at another address that relays a Goose's challenge to a real member gets back a
/// proof for that member's address, not its own, and is still refused.
/// </summary>
public static class JoinProofs
{
    private static readonly byte[] Domain = "duckduckgoose-join-v1\n"u8.ToArray();

    /// <summary>The answer of node <paramref name="self"/> to <paramref name="challenge"/>: a tag per secret.</summary>
    public static JoinProof Answer(ClusterSecrets secrets, JoinChallenge challenge, Member self)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(self);
        var tags = secrets.Keys.Select(key => Convert.ToBase64String(Tag(key, challenge, self.Id, self.Url, self.Peer))).ToArray();
        return new JoinProof(self.Id, self.Url, self.Peer, tags);
    }

    /// <summary>
    /// Whether <paramref name="proof"/> answers <paramref name="challenge"/> for a node with exactly the id and
    /// addresses of <paramref name="expected"/>, with a tag that verifies under one of <paramref name="secrets"/>.
    /// </summary>
    public static bool Verifies(ClusterSecrets secrets, JoinChallenge challenge, JoinProof? proof, Member expected)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(expected);
        if (proof?.Tags is null || proof.Tags.Count > ClusterSecrets.MaximumCount
            || proof.Id != expected.Id || proof.Url?.TrimEnd('/') != expected.Url.TrimEnd('/') || proof.Peer != expected.Peer)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var key in secrets.Keys)
        {
            var want = Tag(key, challenge, expected.Id, proof.Url, expected.Peer);
            foreach (var tag in proof.Tags)
            {
                if (tag is not null && Convert.TryFromBase64String(tag, given, out var written) && written == given.Length
                    && CryptographicOperations.FixedTimeEquals(given, want))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A fresh challenge from the Goose <paramref name="goose"/>.</summary>
    public static JoinChallenge NewChallenge(string goose) => new(goose, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    private static byte[] Tag(byte[] key, JoinChallenge challenge, string id, string url, string? peer)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Domain);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in new[] { challenge.Goose, challenge.Challenge, id, url, peer ?? string.Empty })
        {
            var bytes = Encoding.UTF8.GetBytes(field ?? string.Empty);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hmac.AppendData(length);
            hmac.AppendData(bytes);
        }

        return hmac.GetHashAndReset();
    }
}
