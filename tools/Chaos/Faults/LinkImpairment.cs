using System.Globalization;

namespace DuckDuckGoose.Chaos.Faults;

/// <summary>
/// What the delay line does to each chunk (one read from a socket, in practice one HTTP request or reply)
/// on a slowed link, in each direction. TCP hides loss from applications: a lost segment is retransmitted
/// after a retransmission timeout and everything behind it waits (head-of-line blocking), and sometimes a
/// connection breaks. So loss is emulated as exactly that: a chunk held back for an RTO, in order, and now
/// and then a reset of the whole connection.
/// </summary>
/// <param name="DelayMs">Added to every chunk.</param>
/// <param name="JitterMs">Up to this much more, uniform; chunks are never reordered (a later one waits for an earlier one).</param>
/// <param name="LossPercent">Chance per chunk that it is "lost" and held back for an RTO drawn from [<paramref name="RtoMinMs"/>, <paramref name="RtoMaxMs"/>].</param>
/// <param name="RtoMinMs">Shortest retransmission timeout (Linux's minimum RTO is 200 ms).</param>
/// <param name="RtoMaxMs">Longest retransmission timeout.</param>
/// <param name="ResetPercent">Chance per chunk that the connection is reset (both sides get RST) instead.</param>
public sealed record LinkImpairment(
    double DelayMs,
    double JitterMs,
    double LossPercent = 0,
    double RtoMinMs = 200,
    double RtoMaxMs = 600,
    double ResetPercent = 0)
{
    /// <summary>A short description for logs and reports.</summary>
    public string Describe()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"delay {DelayMs:0}+{JitterMs:0} ms");
        if (LossPercent > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", loss {LossPercent:0.#}% (RTO {RtoMinMs:0}-{RtoMaxMs:0} ms)");
        }

        if (ResetPercent > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", reset {ResetPercent:0.#}%");
        }

        return text;
    }
}
