using System.Security.Cryptography;
using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host.Storage;

/// <summary>
/// This node's ZeroMQ CURVE secret key, kept in the file the <c>zmq-curve-key-file</c> setting names
/// (default <c>&lt;data&gt;/zmq-curve.key</c> with <c>zmq-curve=true</c>): 32 bytes written as 64 hex
/// characters, readable by the node's user only. Generated at first start, like the node id, then kept, so
/// the public key in the node's advertised peer address stays the same across restarts. The key is not
/// derived from any cluster secret: CURVE here encrypts and binds each connection to the server it meant to
/// reach, while peers authenticate each message by other means, so rotating that secret leaves it alone.
/// </summary>
public static class ZmqCurveKeyFile
{
    /// <summary>Name of the key file in the data directory when only <c>zmq-curve=true</c> is given.</summary>
    public const string DefaultFileName = "zmq-curve.key";

    /// <summary>Hex characters of a key (32 bytes).</summary>
    public const int KeyHexLength = 64;

    /// <summary>
    /// The public key (64 lower-case hex characters) of the secret key kept at <paramref name="path"/>; when
    /// no file is there, a new secret key is written first (mode 0600, through a temporary file and a rename).
    /// </summary>
    /// <exception cref="NodeSettingsException">The file is there but holds no key, or cannot be read or written.</exception>
    public static string LoadOrCreatePublicKey(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            try
            {
                Create(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new NodeSettingsException($"zmq-curve-key-file: cannot create '{path}': {e.Message}");
            }
        }

        if (Problem(path) is { } problem)
        {
            throw new NodeSettingsException($"zmq-curve-key-file: '{path}' {problem}");
        }

        var secret = Convert.FromHexString(File.ReadAllText(path).Trim());
        return Convert.ToHexStringLower(NaCl.Curve25519.ScalarMultiplicationBase(secret));
    }

    /// <summary>
    /// What is wrong with the key file at <paramref name="path"/>, or null when it holds a key (or is not there
    /// yet: it will be generated). Refuses a file other users can read or write, as ssh refuses such a key.
    /// </summary>
    public static string? Problem(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            return "is a directory; name a file (it is generated when missing)";
        }

        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
            {
                return $"can be read or written by other users (mode {Mode(File.GetUnixFileMode(path))}); chmod 600 it";
            }

            return IsKey(File.ReadAllText(path).Trim()) ? null : $"does not hold a CURVE secret key ({KeyHexLength} hex characters)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }

    private const UnixFileMode OthersAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static bool IsKey(string text) => text.Length == KeyHexLength && text.All(char.IsAsciiHexDigit);

    private static string Mode(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    private static void Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var secret = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".tmp";
        // A leftover from a start that died mid-write keeps its old mode when truncated, so it goes first.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with 0600 from the start, so the key is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToHexStringLower(secret));
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        CryptographicOperations.ZeroMemory(secret);
        File.Move(temporary, path, overwrite: false);
        DiskSync.FlushDirectory(directory);
    }
}
