using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Storage;

public sealed class FileStateStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static DurableState Sample(long term) => new(
        term,
        "b",
        new Snapshot(3, 2, [new Member("a", "http://127.0.0.1:4001"), new Member("b", "http://127.0.0.1:4002")]),
        [new LogEntry(4, term, null), new LogEntry(5, term, [new Member("a", "http://127.0.0.1:4001")])]);

    [Fact]
    public async Task An_empty_directory_has_no_state()
    {
        var store = new FileStateStore(_data.Path);

        Assert.Null(await store.LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_saved_state_loads_back_equal()
    {
        var saved = Sample(7);
        await new FileStateStore(_data.Path).SaveAsync(saved, CancellationToken.None);

        var loaded = await new FileStateStore(_data.Path).LoadAsync(CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal((saved.Term, saved.VotedFor), (loaded.Term, loaded.VotedFor));
        Assert.Equal((saved.Base.Index, saved.Base.Term), (loaded.Base.Index, loaded.Base.Term));
        Assert.Equal(saved.Base.Members, loaded.Base.Members);
        Assert.Equal(2, loaded.Log.Count);
        Assert.Null(loaded.Log[0].Members);
        Assert.Equal(saved.Log[1].Members, loaded.Log[1].Members);
        Assert.True(loaded.HasMembership);
    }

    [Fact]
    public async Task A_save_replaces_the_file_by_rename_never_in_place()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(1), CancellationToken.None);

        // A reader holding the old file keeps seeing the old state whole: the new state went to another
        // file that was renamed over it, so no reader (or crash) can ever see a half-written state.
        await using var reader = new FileStream(store.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await store.SaveAsync(Sample(2), CancellationToken.None);
        var seenByOldReader = await new StreamReader(reader).ReadToEndAsync();

        Assert.Contains("\"term\": 1,", seenByOldReader, StringComparison.Ordinal);
        Assert.Equal(2, (await store.LoadAsync(CancellationToken.None))!.Term);
        Assert.Equal([FileStateStore.FileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_torn_temporary_file_from_a_crash_does_not_affect_the_saved_state()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(4), CancellationToken.None);

        // A crash in the middle of the next save leaves a half-written temporary file behind.
        await File.WriteAllTextAsync(store.FilePath + ".tmp", "{\"term\": 5, \"vot");

        Assert.Equal(4, (await store.LoadAsync(CancellationToken.None))!.Term);
        await store.SaveAsync(Sample(6), CancellationToken.None);
        Assert.Equal(6, (await store.LoadAsync(CancellationToken.None))!.Term);
        Assert.False(File.Exists(store.FilePath + ".tmp"));
    }

    [Fact]
    public async Task A_corrupt_state_file_is_reported_not_guessed()
    {
        var store = new FileStateStore(_data.Path);
        await File.WriteAllTextAsync(store.FilePath, "not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(CancellationToken.None));

        Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_is_readable_json()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(DurableState.Bootstrap(new Member("a", "http://127.0.0.1:4001"), "cluster-1"), CancellationToken.None);

        var text = await File.ReadAllTextAsync(store.FilePath);

        Assert.Contains("\"votedFor\": null", text, StringComparison.Ordinal);
        Assert.Contains("\"url\": \"http://127.0.0.1:4001\"", text, StringComparison.Ordinal);
    }
}
