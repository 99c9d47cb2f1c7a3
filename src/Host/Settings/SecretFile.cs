namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// Reads a secret a setting names by file (<c>cluster-secret-file</c>, <c>admin-token-file</c>): the way to
/// give one in production, for example from systemd's <c>LoadCredential=</c> or a Kubernetes Secret mounted
/// as a file. The file must be readable by its owner only, so a secret left open to other users stops the
/// start instead of being used.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OpenToOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>The text of the file <paramref name="path"/> given by the setting <paramref name="setting"/>.</summary>
    /// <exception cref="NodeSettingsException">The file cannot be read, or other users may read or write it; the message names the setting and the full path.</exception>
    public static string Read(string setting, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(fullPath) & OpenToOthers) != 0)
            {
                throw new NodeSettingsException(
                    $"{setting}: '{fullPath}' may be read or written by other users (mode {Convert.ToString((int)File.GetUnixFileMode(fullPath), 8)}); make it readable by its owner only: chmod 600 '{fullPath}'");
            }

            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeSettingsException($"{setting}: '{fullPath}' cannot be read: {e.Message}");
        }
    }
}
