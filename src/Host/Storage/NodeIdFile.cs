using System.Text;
using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host.Storage;

/// <summary>
/// The node's id, kept in <c>&lt;data&gt;/node-id</c>: generated once (or taken from the <c>id</c> setting)
/// and then fixed, because votes and membership name nodes by id.
/// </summary>
public static class NodeIdFile
{
    /// <summary>Name of the id file in the data directory.</summary>
    public const string FileName = "node-id";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// The id kept in <paramref name="directory"/>; when there is none, <paramref name="configured"/> or a
    /// new random id, written there first. A configured id that differs from the kept one stops the start.
    /// </summary>
    /// <exception cref="NodeSettingsException">The data directory belongs to another node id.</exception>
    public static string LoadOrCreate(string directory, string? configured)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Trim();
            if (kept.Length == 0)
            {
                throw new NodeSettingsException($"data: '{directory}' has an empty {FileName} file; restore it or use another data directory");
            }

            if (configured is not null && configured != kept)
            {
                throw new NodeSettingsException(
                    $"id: '{configured}' does not match the id '{kept}' kept in {path}; drop the id setting, set it to '{kept}', or use another data directory");
            }

            return kept;
        }

        var id = configured ?? Generate();
        DiskSync.ReplaceFile(path, Encoding.UTF8.GetBytes(id));
        return id;
    }

    /// <summary>A short random id such as <c>k3v9q2xa</c>.</summary>
    /// <remarks>
    /// An id needs to be unique in its cluster, not secret (every peer and status reader sees it), so the
    /// process's shared generator (seeded from the operating system) is enough; RandomNumberGenerator would
    /// load OpenSSL (about 4 MiB resident, for the life of the process) for these 8 characters alone.
    /// </remarks>
    public static string Generate() => new(Random.Shared.GetItems(Alphabet.AsSpan(), 8));
}
