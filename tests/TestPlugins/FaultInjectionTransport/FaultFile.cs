using System.Collections.Frozen;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Transports;

/// <summary>
/// The list of blocked peers, read from a JSON file of strings (ids, URLs, peer addresses such as <c>tcp://127.0.0.1:5001</c>, or <c>*</c>) at most every
/// <see cref="RefreshInterval"/>. Safe to call from concurrent sends: the current list is an immutable
/// snapshot swapped as a whole; two sends that both find it stale both re-read, which is harmless.
/// </summary>
internal sealed partial class FaultFile
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(50);

    private const string Everyone = "*";

    private readonly string? _path;
    private readonly ILogger _logger;
    private volatile Snapshot? _current;

    public FaultFile(string? path, ILogger logger)
    {
        _path = string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
        _logger = logger;
    }

    public bool Blocks(Member peer)
    {
        if (_path is null)
        {
            return false;
        }

        var blocked = Current().Blocked;
        return blocked.Contains(Everyone) || blocked.Contains(Normalize(peer.Id)) || blocked.Contains(Normalize(peer.Url))
               || (peer.Peer is { } address && blocked.Contains(Normalize(address)));
    }

    private Snapshot Current()
    {
        var now = Environment.TickCount64;
        var current = _current;
        if (current is not null && now - current.ReadAt < RefreshInterval.TotalMilliseconds)
        {
            return current;
        }

        var previous = current?.Blocked ?? FrozenSet<string>.Empty;
        var blocked = Read(_path!) ?? previous;
        if (!blocked.SetEquals(previous))
        {
            LogFaultsChanged(_path!, blocked.Count == 0 ? "nothing" : string.Join(", ", blocked.Order()));
        }

        var next = new Snapshot(now, blocked);
        _current = next;
        return next;
    }

    /// <summary>The blocked set, empty for a missing file, or null to keep the last one (a file being written or not valid).</summary>
    private FrozenSet<string>? Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                LogUnreadable(path, "the root is not a JSON array of strings");
                return null;
            }

            var entries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } entry)
                {
                    LogUnreadable(path, $"entry {element.GetRawText()} is not a non-empty string");
                    return null;
                }

                entries.Add(Normalize(entry));
            }

            return entries.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FrozenSet<string>.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            LogUnreadable(path, e.Message);
            return null;
        }
    }

    /// <summary>Ids and URLs match regardless of letter case, surrounding spaces and a trailing slash.</summary>
    private static string Normalize(string entry) => entry.Trim().TrimEnd('/');

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Fault file {Path} now drops messages to: {Blocked}")]
    private partial void LogFaultsChanged(string path, string blocked);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Fault file {Path} is unreadable, keeping the previous faults: {Reason}")]
    private partial void LogUnreadable(string path, string reason);

    private sealed record Snapshot(long ReadAt, FrozenSet<string> Blocked);
}
