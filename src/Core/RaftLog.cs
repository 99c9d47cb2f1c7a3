using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// The log as the core keeps it: a committed prefix folded into <see cref="Base"/> (Raft §7) and the
/// entries after it. It holds only no-ops and membership configurations, so it stays a few entries long.
/// </summary>
internal sealed class RaftLog
{
    private readonly List<LogEntry> _entries;

    public RaftLog(Snapshot @base, IEnumerable<LogEntry> entries)
    {
        Base = @base;
        _entries = [.. entries];
    }

    public Snapshot Base { get; private set; }

    public IReadOnlyList<LogEntry> Entries => _entries;

    public long LastIndex => _entries.Count > 0 ? _entries[^1].Index : Base.Index;

    public long LastTerm => _entries.Count > 0 ? _entries[^1].Term : Base.Term;

    /// <summary>The configuration in force: the latest one in the log, committed or not (Raft thesis §4.1).</summary>
    public IReadOnlyList<Member> Configuration => ConfigurationAt(LastIndex);

    /// <summary>The voter target in force (<see cref="LogEntry.Voters"/>): the latest configuration's, committed or not.</summary>
    public int VoterTarget => VoterTargetAt(LastIndex);

    /// <summary>The latest configuration's <see cref="LogEntry.Voters"/> as written (null: the default), to carry into the next one.</summary>
    public int? VotersSetting => VotersAt(LastIndex);

    /// <summary>Index of the latest configuration entry, or the base index if none is in the log.</summary>
    public long ConfigurationIndex => _entries.LastOrDefault(e => e.Members is not null)?.Index ?? Base.Index;

    /// <summary>Term of the entry at <paramref name="index"/>, or null when compacted away or beyond the end.</summary>
    public long? TermAt(long index)
    {
        if (index == Base.Index)
        {
            return Base.Term;
        }

        if (index < Base.Index || index > LastIndex)
        {
            return null;
        }

        return _entries[(int)(index - Base.Index - 1)].Term;
    }

    /// <summary>The configuration in force at <paramref name="index"/> (which must not be compacted away).</summary>
    public IReadOnlyList<Member> ConfigurationAt(long index)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Index <= index && _entries[i].Members is { } members)
            {
                return members;
            }
        }

        return Base.Members;
    }

    /// <summary>The voter target in force at <paramref name="index"/> (which must not be compacted away).</summary>
    public int VoterTargetAt(long index) => VotersAt(index) ?? Contracts.VoterTarget.Default;

    /// <summary>The <see cref="LogEntry.Voters"/> of the configuration in force at <paramref name="index"/>, as written (null: the default).</summary>
    private int? VotersAt(long index)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Index <= index && _entries[i].Members is not null)
            {
                return _entries[i].Voters;
            }
        }

        return Base.Voters;
    }

    /// <summary>Entries from <paramref name="fromIndex"/> to the end (all after the base if it is older).</summary>
    public IReadOnlyList<LogEntry> EntriesFrom(long fromIndex) =>
        fromIndex > LastIndex ? [] : _entries.Where(e => e.Index >= fromIndex).ToList();

    /// <summary>Whether a candidate's log is at least as up to date as this one (Raft §5.4.1).</summary>
    public bool IsUpToDate(long lastIndex, long lastTerm) =>
        lastTerm > LastTerm || (lastTerm == LastTerm && lastIndex >= LastIndex);

    /// <summary>Appends a no-op (<paramref name="members"/> null) or a configuration with its voter target.</summary>
    public LogEntry Append(long term, IReadOnlyList<Member>? members, int? voters = null)
    {
        var entry = new LogEntry(LastIndex + 1, term, members, members is null ? null : voters);
        _entries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Stores a leader's entries after a matching previous entry (Raft §5.3): an entry that conflicts
    /// with a stored one deletes it and all that follow; entries already stored are skipped.
    /// Returns true if the log changed.
    /// </summary>
    public bool Merge(IReadOnlyList<LogEntry> entries)
    {
        var changed = false;
        foreach (var entry in entries)
        {
            if (entry.Index <= Base.Index)
            {
                continue;
            }

            var existing = TermAt(entry.Index);
            if (existing == entry.Term)
            {
                continue;
            }

            if (existing is not null)
            {
                _entries.RemoveRange((int)(entry.Index - Base.Index - 1), (int)(LastIndex - entry.Index + 1));
            }

            if (entry.Index != LastIndex + 1)
            {
                break;
            }

            _entries.Add(entry);
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Replaces the prefix up to <paramref name="snapshot"/> with it (Raft §7): a stored entry matching the
    /// snapshot's last index and term keeps the entries after it, anything else is discarded.
    /// Returns true if the log changed.
    /// </summary>
    public bool Install(Snapshot snapshot)
    {
        if (snapshot.Index <= Base.Index)
        {
            return false;
        }

        if (TermAt(snapshot.Index) == snapshot.Term)
        {
            _entries.RemoveAll(e => e.Index <= snapshot.Index);
        }
        else
        {
            _entries.Clear();
        }

        Base = snapshot;
        return true;
    }

    /// <summary>Folds committed entries up to <paramref name="commitIndex"/> into the base. Returns true if the log changed.</summary>
    public bool Compact(long commitIndex)
    {
        if (commitIndex <= Base.Index || commitIndex > LastIndex)
        {
            return false;
        }

        Base = new Snapshot(commitIndex, TermAt(commitIndex)!.Value, ConfigurationAt(commitIndex), VotersAt(commitIndex));
        _entries.RemoveAll(e => e.Index <= commitIndex);
        return true;
    }
}
