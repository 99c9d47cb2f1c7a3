using System.Text;
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
    public async Task A_save_overwrites_the_older_copy_in_place_and_leaves_the_newer_one_whole()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(1), CancellationToken.None);
        var laidOut = await File.ReadAllBytesAsync(store.FilePath);
        var slot = laidOut.Length / 2;

        await store.SaveAsync(Sample(2), CancellationToken.None);
        var second = await File.ReadAllBytesAsync(store.FilePath);
        await store.SaveAsync(Sample(3), CancellationToken.None);
        var third = await File.ReadAllBytesAsync(store.FilePath);

        // Two slots of a page or more; each save writes the one not holding the newest copy, the size unchanged.
        Assert.True(slot >= FileStateStore.MinimumSlotBytes);
        Assert.Equal(laidOut.Length, third.Length);
        Assert.Equal(laidOut.AsSpan(0, slot).ToArray(), second.AsSpan(0, slot).ToArray());
        Assert.Equal(second.AsSpan(slot).ToArray(), third.AsSpan(slot).ToArray());
        Assert.Contains("\"term\": 3,", Encoding.UTF8.GetString(third, 0, slot), StringComparison.Ordinal);
        Assert.Contains("\"term\": 2,", Encoding.UTF8.GetString(third, slot, slot), StringComparison.Ordinal);
        Assert.Equal(3, (await new FileStateStore(_data.Path).LoadAsync(CancellationToken.None))!.Term);
        Assert.Equal([FileStateStore.FileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(200)]
    public async Task A_copy_torn_by_a_crash_in_its_save_is_passed_over_for_the_one_before(int tornAt)
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(1), CancellationToken.None);
        await store.SaveAsync(Sample(2), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(store.FilePath);
        var slot = bytes.Length / 2;

        // The save of term 2 went to the second slot; a crash in the middle of it left garbage from tornAt on.
        bytes.AsSpan(slot + tornAt, 64).Fill((byte)'#');
        await File.WriteAllBytesAsync(store.FilePath, bytes);

        Assert.Equal(1, (await store.LoadAsync(CancellationToken.None))!.Term);

        // The next save overwrites the torn slot, not the intact one.
        await store.SaveAsync(Sample(3), CancellationToken.None);
        Assert.Equal(3, (await store.LoadAsync(CancellationToken.None))!.Term);
        Assert.Equal(bytes.AsSpan(0, slot).ToArray(), (await File.ReadAllBytesAsync(store.FilePath)).AsSpan(0, slot).ToArray());
    }

    [Fact]
    public async Task A_state_that_outgrows_its_slot_is_laid_out_anew_and_kept()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(1), CancellationToken.None);
        var before = new FileInfo(store.FilePath).Length;

        var members = Enumerable.Range(0, 150).Select(i => new Member($"node-{i:D3}", $"http://10.0.{i / 250}.{i % 250}:4001")).ToList();
        var large = new DurableState(2, "node-001", new Snapshot(3, 2, members), []);
        await store.SaveAsync(large, CancellationToken.None);
        await store.SaveAsync(large with { Term = 3 }, CancellationToken.None);

        Assert.True(new FileInfo(store.FilePath).Length > before);
        var loaded = await new FileStateStore(_data.Path).LoadAsync(CancellationToken.None);
        Assert.Equal(3, loaded!.Term);
        Assert.Equal(members, loaded.Base.Members);
        Assert.False(File.Exists(store.FilePath + ".tmp"));
    }

    [Fact]
    public async Task A_torn_temporary_file_from_a_crash_does_not_affect_the_saved_state()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(4), CancellationToken.None);

        // A crash in the middle of a new layout leaves a half-written temporary file behind.
        await File.WriteAllTextAsync(store.FilePath + ".tmp", "ddg-state 1 00000");

        Assert.Equal(4, (await store.LoadAsync(CancellationToken.None))!.Term);
        await store.SaveAsync(Sample(6), CancellationToken.None);
        Assert.Equal(6, (await store.LoadAsync(CancellationToken.None))!.Term);
    }

    [Fact]
    public async Task The_state_json_of_an_earlier_version_is_read_and_replaced_by_the_first_save()
    {
        var legacy = Path.Combine(_data.Path, FileStateStore.LegacyFileName);
        await File.WriteAllTextAsync(legacy, """{"term": 5, "votedFor": "b", "base": {"index": 1, "term": 0, "members": [{"id": "a", "url": "http://127.0.0.1:4001"}]}, "log": []}""");
        var store = new FileStateStore(_data.Path);

        var loaded = await store.LoadAsync(CancellationToken.None);
        Assert.Equal((5L, "b"), (loaded!.Term, loaded.VotedFor));

        await store.SaveAsync(loaded with { Term = 6 }, CancellationToken.None);

        Assert.False(File.Exists(legacy));
        Assert.Equal(6, (await new FileStateStore(_data.Path).LoadAsync(CancellationToken.None))!.Term);
    }

    [Fact]
    public async Task A_corrupt_state_file_is_reported_not_guessed()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(Sample(1), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(store.FilePath);
        bytes.AsSpan(0, 200).Fill((byte)'x');
        await File.WriteAllBytesAsync(store.FilePath, bytes);

        // Slot 0 held the only copy; slot 1 never held one.
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(CancellationToken.None));

        Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_state_json_of_an_earlier_version_is_reported_not_guessed()
    {
        var legacy = Path.Combine(_data.Path, FileStateStore.LegacyFileName);
        await File.WriteAllTextAsync(legacy, "not json");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new FileStateStore(_data.Path).LoadAsync(CancellationToken.None));

        Assert.Contains(legacy, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_copies_are_readable_json_under_a_text_header()
    {
        var store = new FileStateStore(_data.Path);
        await store.SaveAsync(DurableState.Bootstrap(new Member("a", "http://127.0.0.1:4001"), "cluster-1"), CancellationToken.None);
        await store.SaveAsync(DurableState.Bootstrap(new Member("a", "http://127.0.0.1:4001"), "cluster-1") with { Term = 1, VotedFor = "a" }, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(store.FilePath);
        var slots = new[] { Encoding.UTF8.GetString(bytes, 0, bytes.Length / 2), Encoding.UTF8.GetString(bytes, bytes.Length / 2, bytes.Length / 2) };

        Assert.Matches("^ddg-state 1 0{18}1 [0-9]{10} [0-9a-f]{8}\n\\{", slots[0]);
        Assert.Contains("\"votedFor\": null", slots[0], StringComparison.Ordinal);
        Assert.Matches("^ddg-state 1 0{18}2 [0-9]{10} [0-9a-f]{8}\n\\{", slots[1]);
        Assert.Contains("\"votedFor\": \"a\"", slots[1], StringComparison.Ordinal);
    }
}
