using System.Text;

namespace DuckDuckGoose.Host.Security;

/// <summary>
/// The cluster secrets a node holds: every one signs each peer message it sends, any one verifies a
/// message it receives. One secret normally; two while one is rotated (the new one added on every node,
/// then the old one removed), so no node ever holds a tag its peers cannot check.
/// </summary>
public sealed class ClusterSecrets
{
    /// <summary>The shortest secret taken, in bytes (the HMAC-SHA256 key length).</summary>
    public const int MinimumBytes = 32;

    /// <summary>The most secrets a node holds at once.</summary>
    public const int MaximumCount = 4;

    private ClusterSecrets(IReadOnlyList<byte[]> keys) => Keys = keys;

    /// <summary>The secrets as HMAC keys (their UTF-8 bytes), in the order given.</summary>
    public IReadOnlyList<byte[]> Keys { get; }

    /// <summary>
    /// Parses secrets from a setting's value: separated by commas or line breaks (a file holds one per
    /// line); blank entries and surrounding white space are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">No secret, too many, or one shorter than <see cref="MinimumBytes"/>.</exception>
    public static ClusterSecrets Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var secrets = text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (secrets.Length == 0)
        {
            throw new ArgumentException("holds no secret", nameof(text));
        }

        if (secrets.Length > MaximumCount)
        {
            throw new ArgumentException($"holds {secrets.Length} secrets; at most {MaximumCount} (one, or two while rotating)", nameof(text));
        }

        var keys = secrets.Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length < MinimumBytes)
            {
                throw new ArgumentException(
                    $"secret {i + 1} of {keys.Length} is {keys[i].Length} bytes; each needs at least {MinimumBytes} (for example `openssl rand -base64 48`)",
                    nameof(text));
            }
        }

        return new ClusterSecrets(keys);
    }
}
