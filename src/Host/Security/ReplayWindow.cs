namespace DuckDuckGoose.Host.Security;

/// <summary>
/// The sequence numbers seen from one sender process (IPsec's anti-replay window, RFC 4303 §3.4.3):
/// the highest so far and which of the <see cref="Size"/> below it arrived. A number seen before, or
/// too far below the highest to tell, is a replay. Messages may arrive out of order (concurrent
/// requests, a slow link), so a number below the highest is fine once.
/// </summary>
public sealed class ReplayWindow
{
    /// <summary>How far below the highest number a late message is still told apart from a replay.</summary>
    public const int Size = 1024;

    private readonly ulong[] _seen = new ulong[Size / 64];
    private long _highest;

    /// <summary>The highest number taken so far; 0 before the first.</summary>
    public long Highest => _highest;

    /// <summary>Takes <paramref name="seq"/> if it was not seen before; false for a replay (or a number below 1).</summary>
    public bool TryTake(long seq)
    {
        if (seq < 1 || seq <= _highest - Size)
        {
            return false;
        }

        if (seq > _highest)
        {
            var shift = seq - _highest;
            if (shift >= Size)
            {
                Array.Clear(_seen);
            }
            else
            {
                for (var n = _highest + 1; n <= seq; n++)
                {
                    Clear(n);
                }
            }

            _highest = seq;
            Set(seq);
            return true;
        }

        if (IsSet(seq))
        {
            return false;
        }

        Set(seq);
        return true;
    }

    private static (int Word, ulong Bit) Slot(long seq) => ((int)(seq / 64 % (Size / 64)), 1UL << (int)(seq % 64));

    private bool IsSet(long seq)
    {
        var (word, bit) = Slot(seq);
        return (_seen[word] & bit) != 0;
    }

    private void Set(long seq)
    {
        var (word, bit) = Slot(seq);
        _seen[word] |= bit;
    }

    private void Clear(long seq)
    {
        var (word, bit) = Slot(seq);
        _seen[word] &= ~bit;
    }
}
