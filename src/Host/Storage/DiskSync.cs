using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DuckDuckGoose.Host.Storage;

/// <summary>
/// What .NET has no API for: fsync of a directory, which makes a rename inside it durable (POSIX: a file's
/// directory entry is persisted by syncing the directory, not the file), and fdatasync of a file, which
/// flushes its data without the timestamps an fsync would also commit. Both call libc on Linux.
/// </summary>
internal static partial class DiskSync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk on Linux; elsewhere it does nothing.</summary>
    /// <exception cref="IOException">open or fsync failed.</exception>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"open('{directory}') failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync('{directory}') failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> so that a crash leaves either the old file or
    /// the new one, whole: written to <c>path.tmp</c>, flushed, renamed over, and the directory flushed.
    /// </summary>
    /// <exception cref="IOException">A write, flush or rename failed.</exception>
    public static void ReplaceFile(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Flushes what was written to <paramref name="file"/> to disk: fdatasync on Linux, which also commits
    /// the file's size when it changed (so an overwrite that keeps the size costs one data flush), and an
    /// fsync elsewhere.
    /// </summary>
    /// <exception cref="IOException">The flush failed.</exception>
    public static void FlushData(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: true);
            return;
        }

        if (Fdatasync(file.SafeFileHandle) != 0)
        {
            throw new IOException($"fdatasync('{file.Name}') failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
