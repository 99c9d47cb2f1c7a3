using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core.Tests;

public sealed class RaftLogTests
{
    private static readonly Member A = new("a", "http://a");
    private static readonly Member B = new("b", "http://b");

    [Fact]
    public void Thesis41_LatestConfigurationInTheLogIsInForceCommittedOrNot()
    {
        var log = new RaftLog(new Snapshot(1, 0, [A]), []);

        log.Append(1, null);
        log.Append(1, [A, B]);

        Assert.Equal([A, B], log.Configuration);
        Assert.Equal([A], log.ConfigurationAt(2));
        Assert.Equal(3, log.ConfigurationIndex);
    }

    [Fact]
    public void Raft7_CompactFoldsTheCommittedPrefixIntoTheBase()
    {
        var log = new RaftLog(new Snapshot(1, 0, [A]), [new LogEntry(2, 1, [A, B]), new LogEntry(3, 2, null)]);

        Assert.True(log.Compact(2));

        Assert.Equal(new Snapshot(2, 1, [A, B]).Index, log.Base.Index);
        Assert.Equal([A, B], log.Base.Members);
        Assert.Single(log.Entries);
        Assert.Null(log.TermAt(1));
        Assert.Equal(2, log.TermAt(3));
    }

    [Fact]
    public void Raft7_InstallKeepsEntriesAfterAMatchingSnapshotAndDropsAConflictingLog()
    {
        var matching = new RaftLog(new Snapshot(1, 0, [A]), [new LogEntry(2, 1, null), new LogEntry(3, 1, null)]);
        var conflicting = new RaftLog(new Snapshot(1, 0, [A]), [new LogEntry(2, 1, null), new LogEntry(3, 1, null)]);

        matching.Install(new Snapshot(2, 1, [A, B]));
        conflicting.Install(new Snapshot(2, 4, [A, B]));

        Assert.Equal(3, matching.LastIndex);
        Assert.Equal(2, conflicting.LastIndex);
        Assert.Empty(conflicting.Entries);
    }

    [Fact]
    public void Raft541_UpToDateComparesLastTermThenLength()
    {
        var log = new RaftLog(new Snapshot(1, 0, [A]), [new LogEntry(2, 3, null)]);

        Assert.True(log.IsUpToDate(1, 4));
        Assert.True(log.IsUpToDate(2, 3));
        Assert.False(log.IsUpToDate(5, 2));
        Assert.False(log.IsUpToDate(1, 3));
    }
}
