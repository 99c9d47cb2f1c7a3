using System.Text.Json;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Storage;

/// <summary>
/// Durable state as JSON in <c>&lt;data&gt;/state.json</c>, replaced atomically: the new state goes to
/// <c>state.json.tmp</c>, is flushed to disk, renamed over <c>state.json</c>, and the directory is synced,
/// so after a crash the file holds either the old state or the new one, never a torn mix, and a
/// completed save is never lost (Raft §5.1: term and vote are on stable storage before any reply).
/// </summary>
public sealed class FileStateStore : IDurableStateStore
{
    /// <summary>Name of the state file in the data directory.</summary>
    public const string FileName = "state.json";

    private readonly string _directory;

    /// <summary>Creates a store in <paramref name="directory"/>, which is created if missing.</summary>
    public FileStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Full path of the state file.</summary>
    public string FilePath => Path.Combine(_directory, FileName);

    /// <inheritdoc />
    public async Task<DurableState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        await using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, DurableStateJsonContext.Default.DurableState, cancellationToken)
                ?? throw new InvalidDataException($"{FilePath} holds null instead of a node state.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{FilePath} is not a valid node state: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(DurableState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var temporary = FilePath + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, state, DurableStateJsonContext.Default.DurableState, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
        DirectorySync.Flush(_directory);
    }
}
