using System.Diagnostics.CodeAnalysis;

namespace DuckDuckGoose.Transports;

/// <summary>
/// A ZeroMQ peer address: <c>tcp://host:port</c>, optionally followed by <c>?curve=</c> and the server's CURVE
/// public key as 64 hex characters. With a key, peers connect with CURVE and that server key, so the
/// connection is encrypted and only the holder of the matching secret key can answer; without one they
/// connect in plain text. NetMQ is given only <see cref="Endpoint"/>.
/// </summary>
/// <param name="Endpoint">What NetMQ binds or connects to: <c>tcp://host:port</c>.</param>
/// <param name="ServerKey">The server's CURVE public key (32 bytes), or null for a plain-text peer.</param>
internal sealed record ZeroMqAddress(string Endpoint, byte[]? ServerKey)
{
    /// <summary>The query parameter that carries the server's CURVE public key.</summary>
    public const string CurveParameter = "curve=";

    /// <summary>Hex characters in a CURVE key (32 bytes).</summary>
    public const int KeyHexLength = 64;

    /// <summary>
    /// Parses <paramref name="address"/>: the <c>tcp</c> scheme, a host and a port, no path, user or fragment,
    /// and either no query or exactly <c>curve=</c> followed by 64 hex characters.
    /// </summary>
    public static bool TryParse(string? address, [NotNullWhen(true)] out ZeroMqAddress? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        var query = address.IndexOf('?', StringComparison.Ordinal);
        var endpoint = (query < 0 ? address : address[..query]).TrimEnd('/');
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || uri.Scheme != "tcp"
            || uri.Port <= 0
            || uri.UserInfo.Length > 0
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.Host.Length == 0)
        {
            return false;
        }

        byte[]? key = null;
        if (query >= 0)
        {
            var parameter = address[(query + 1)..];
            if (!parameter.StartsWith(CurveParameter, StringComparison.Ordinal) || !TryParseKey(parameter[CurveParameter.Length..], out key))
            {
                return false;
            }
        }

        parsed = new ZeroMqAddress(endpoint, key);
        return true;
    }

    /// <summary>Parses a CURVE key written as exactly 64 hex characters (either case).</summary>
    public static bool TryParseKey(string text, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (text.Length != KeyHexLength || !text.All(Uri.IsHexDigit))
        {
            return false;
        }

        key = Convert.FromHexString(text);
        return true;
    }

    /// <summary>The address peers use for a server at <paramref name="endpoint"/> with CURVE public key <paramref name="serverKey"/>.</summary>
    public static string WithKey(string endpoint, byte[] serverKey) =>
        $"{endpoint}?{CurveParameter}{Convert.ToHexStringLower(serverKey)}";
}
