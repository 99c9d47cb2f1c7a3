namespace DuckDuckGoose.Transports;

/// <summary>
/// Reads this node's CURVE keypair from <see cref="DuckDuckGoose.Contracts.TransportSetup.CurveKeyFile"/>:
/// the file holds the 32-byte secret key as 64 hex characters (surrounding whitespace ignored); the public
/// key is derived from it (by NetMQ, once the transport starts). The host creates the file at first start;
/// this side only reads it.
/// </summary>
internal static class CurveKeyFile
{
    /// <exception cref="Contracts.TransportException">The file cannot be read or does not hold a key.</exception>
    public static byte[] ReadSecretKey(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new Contracts.TransportException($"cannot read the CURVE key file {path}: {e.Message}", e);
        }

        if (!ZeroMqAddress.TryParseKey(text, out var secret))
        {
            throw new Contracts.TransportException(
                $"the CURVE key file {path} does not hold a secret key ({ZeroMqAddress.KeyHexLength} hex characters)");
        }

        return secret;
    }
}
