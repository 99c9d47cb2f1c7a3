using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Text.Json;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Storage;

/// <summary>
/// Durable state in <c>&lt;data&gt;/state.dat</c>, two copies in two slots of equal size (Raft §5.1: term,
/// vote and log are on stable storage before any reply). A save overwrites the slot that does not hold the
/// newest copy and flushes its data (fdatasync), so a crash in the middle of a save leaves the other slot,
/// the last completed save, whole; a load takes the newest slot whose checksum holds, so a torn slot is
/// passed over, never half read. Writing in place, without changing the file's size, is one data flush:
/// no new file, no rename, no directory sync and so no filesystem journal commit, which is what made a
/// save cost 0.5-4 ms here (the vote and the first acknowledgement of every failover each wait for one).
/// <para>
/// Each slot is text: a header line <c>ddg-state 1 &lt;sequence&gt; &lt;length&gt; &lt;crc32c&gt;</c> and
/// the state as JSON, padded with spaces, so <c>cat state.dat</c> shows both copies. The file is laid out
/// anew (written whole to <c>state.dat.tmp</c>, flushed, renamed over, the directory synced) the first
/// time and whenever a state outgrows its slot. The <c>state.json</c> of earlier versions is read while
/// there is no <c>state.dat</c>, and deleted once the first save has made <c>state.dat</c> durable.
/// </para>
/// </summary>
public sealed class FileStateStore : IDurableStateStore
{
    /// <summary>Name of the state file in the data directory.</summary>
    public const string FileName = "state.dat";

    /// <summary>Name of the state file of earlier versions (one JSON document, replaced by rename).</summary>
    public const string LegacyFileName = "state.json";

    /// <summary>The smallest slot: one page, which a few dozen members fit in.</summary>
    public const int MinimumSlotBytes = 4096;

    // "ddg-state 1 " + 19-digit sequence + " " + 10-digit length + " " + 8 hex digits of CRC-32C + "\n".
    private const int SequenceAt = 12;
    private const int LengthAt = SequenceAt + 19 + 1;
    private const int HashAt = LengthAt + 10 + 1;
    private const int HashDigits = 8;
    private const int HeaderBytes = HashAt + HashDigits + 1;

    private static readonly byte[] Magic = "ddg-state 1 "u8.ToArray();

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

    private string LegacyPath => Path.Combine(_directory, LegacyFileName);

    /// <inheritdoc />
    public async Task<DurableState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(FilePath))
        {
            var bytes = await File.ReadAllBytesAsync(FilePath, cancellationToken).ConfigureAwait(false);
            if (Newest(bytes) is { } slot)
            {
                return Deserialize(bytes.AsSpan(slot.PayloadAt, slot.Length), FilePath);
            }

            if (!File.Exists(LegacyPath))
            {
                throw new InvalidDataException($"{FilePath} holds no intact copy of a node state: neither slot passes its checksum.");
            }
        }

        // An earlier version's file, or the state it held when the first layout of state.dat was cut short.
        return File.Exists(LegacyPath)
            ? Deserialize(await File.ReadAllBytesAsync(LegacyPath, cancellationToken).ConfigureAwait(false), LegacyPath)
            : null;
    }

    /// <inheritdoc />
    public Task SaveAsync(DurableState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        var payload = JsonSerializer.SerializeToUtf8Bytes(state, DurableStateJsonContext.Default.DurableState);
        var needed = HeaderBytes + payload.Length + 1;
        long sequence = 0;
        if (File.Exists(FilePath))
        {
            using var file = new FileStream(FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
            var bytes = new byte[file.Length];
            RandomAccess.Read(file.SafeFileHandle, bytes, 0);
            var newest = Newest(bytes);
            sequence = newest?.Sequence ?? 0;
            var slotBytes = bytes.Length / 2;
            if (slotBytes >= needed && bytes.Length % 2 == 0)
            {
                // The slot that does not hold the newest copy; the newest stays whole whatever happens to this write.
                var target = newest is { Index: 0 } ? 1 : 0;
                RandomAccess.Write(file.SafeFileHandle, Slot(sequence + 1, payload, slotBytes), (long)target * slotBytes);
                DiskSync.FlushData(file);
                return Task.CompletedTask;
            }
        }

        Layout(sequence + 1, payload, needed);
        return Task.CompletedTask;
    }

    // A new file, the state in slot 0, replacing whatever was there by rename (the first save, or a state
    // that outgrew its slot): room for the state to double before the next layout.
    private void Layout(long sequence, byte[] payload, int needed)
    {
        var slotBytes = (int)Math.Max(MinimumSlotBytes, BitOperations.RoundUpToPowerOf2((uint)needed * 2));
        var image = new byte[slotBytes * 2];
        Slot(sequence, payload, slotBytes).CopyTo(image, 0);
        Blank(image.AsSpan(slotBytes));
        DiskSync.ReplaceFile(FilePath, image);

        // Only now is the state in state.dat for certain: an earlier version's file may go.
        if (File.Exists(LegacyPath))
        {
            File.Delete(LegacyPath);
            DiskSync.FlushDirectory(_directory);
        }
    }

    private static byte[] Slot(long sequence, byte[] payload, int slotBytes)
    {
        var slot = new byte[slotBytes];
        Blank(slot);
        Magic.CopyTo(slot, 0);
        WriteDigits(slot.AsSpan(SequenceAt, 19), sequence);
        slot[LengthAt - 1] = (byte)' ';
        WriteDigits(slot.AsSpan(LengthAt, 10), payload.Length);
        slot[HashAt - 1] = (byte)' ';
        Hash(slot.AsSpan(0, HashAt), payload).CopyTo(slot.AsSpan(HashAt, HashDigits));
        slot[HeaderBytes - 1] = (byte)'\n';
        payload.CopyTo(slot, HeaderBytes);
        slot[HeaderBytes + payload.Length] = (byte)'\n';
        return slot;
    }

    // Spaces ending in a newline: a slot that holds no state yet, or the rest of one after its state.
    private static void Blank(Span<byte> slot)
    {
        slot.Fill((byte)' ');
        slot[^1] = (byte)'\n';
    }

    private static void WriteDigits(Span<byte> digits, long value)
    {
        if (!Utf8Formatter.TryFormat(value, digits, out var written, new StandardFormat('D', (byte)digits.Length)) || written != digits.Length)
        {
            throw new InvalidOperationException($"{value} does not fit {digits.Length} digits.");
        }
    }

    /// <summary>The newest slot of <paramref name="file"/> whose header and checksum hold, or null.</summary>
    private static SlotHeader? Newest(byte[] file)
    {
        if (file.Length < 2 * HeaderBytes || file.Length % 2 != 0)
        {
            return null;
        }

        var slotBytes = file.Length / 2;
        SlotHeader? newest = null;
        for (var index = 0; index < 2; index++)
        {
            if (Read(file.AsSpan(index * slotBytes, slotBytes), index, index * slotBytes) is { } slot && (newest is null || slot.Sequence > newest.Value.Sequence))
            {
                newest = slot;
            }
        }

        return newest;
    }

    private static SlotHeader? Read(ReadOnlySpan<byte> slot, int index, int slotAt)
    {
        if (!slot.StartsWith(Magic)
            || slot[LengthAt - 1] != (byte)' ' || slot[HashAt - 1] != (byte)' ' || slot[HeaderBytes - 1] != (byte)'\n'
            || !Utf8Parser.TryParse(slot.Slice(SequenceAt, 19), out long sequence, out var sequenceDigits) || sequenceDigits != 19
            || !Utf8Parser.TryParse(slot.Slice(LengthAt, 10), out int length, out var lengthDigits) || lengthDigits != 10
            || length < 0 || length > slot.Length - HeaderBytes)
        {
            return null;
        }

        return Hash(slot[..HashAt], slot.Slice(HeaderBytes, length)).AsSpan().SequenceEqual(slot.Slice(HashAt, HashDigits))
            ? new SlotHeader(index, sequence, slotAt + HeaderBytes, length)
            : null;
    }

    // CRC-32C of the header up to the checksum and of the state, as 8 lowercase hex digits: what a torn or
    // stale write needs (etcd's WAL checks its records the same way); no cryptographic hash, whose OpenSSL
    // libraries would cost every node 4.6 MiB.
    private static byte[] Hash(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        var crc = ~Crc32C(Crc32C(uint.MaxValue, header), payload);
        var digits = new byte[HashDigits];
        if (!Utf8Formatter.TryFormat(crc, digits, out _, new StandardFormat('x', HashDigits)))
        {
            throw new InvalidOperationException("A CRC-32C has 8 hex digits.");
        }

        return digits;
    }

    private static uint Crc32C(uint crc, ReadOnlySpan<byte> bytes)
    {
        for (; bytes.Length >= sizeof(ulong); bytes = bytes[sizeof(ulong)..])
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        }

        foreach (var b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    private static DurableState Deserialize(ReadOnlySpan<byte> json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(json, DurableStateJsonContext.Default.DurableState)
                ?? throw new InvalidDataException($"{path} holds null instead of a node state.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid node state: {e.Message}", e);
        }
    }

    /// <summary>A slot that checked out: which, its sequence, and where its state lies in the file.</summary>
    private readonly record struct SlotHeader(int Index, long Sequence, int PayloadAt, int Length);
}
