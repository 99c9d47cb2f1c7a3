using System.Globalization;

namespace DuckDuckGoose.Bench.Node;

/// <summary>What Linux's /proc says about one process: resident memory and CPU time used so far.</summary>
internal static class ProcStats
{
    // /proc/<pid>/stat counts in USER_HZ, which the kernel's ABI fixes at 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The process's resident set (VmRSS in /proc/<paramref name="pid"/>/status), in bytes.</summary>
    public static long ReadRssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:\t   81234 kB"
                var kib = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kib, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>User plus system CPU time the process has used so far (utime + stime in /proc/<paramref name="pid"/>/stat).</summary>
    public static TimeSpan ReadCpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        // What follows starts at field 3 (state); utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
