using System.Globalization;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// What Linux's /proc says about one process: resident memory, CPU time and major page faults so far, the files it
/// maps and the names of its threads.
/// </summary>
public static class ProcStats
{
    // /proc/<pid>/stat counts in USER_HZ, which the kernel's ABI fixes at 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The process's resident set (VmRSS in /proc/<paramref name="pid"/>/status), in bytes.</summary>
    public static long ReadRssBytes(int pid) => ReadKibLine($"/proc/{pid}/status", "VmRSS:");

    /// <summary>
    /// The process's proportional set size (Pss in /proc/<paramref name="pid"/>/smaps_rollup), in bytes: its
    /// private pages plus its share of every page it maps together with other processes, so that summed over
    /// many processes of one image, the pages they share count once.
    /// </summary>
    public static long ReadPssBytes(int pid) => ReadKibLine($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>User plus system CPU time the process has used so far (utime + stime in /proc/<paramref name="pid"/>/stat).</summary>
    public static TimeSpan ReadCpuTime(int pid)
    {
        var fields = ReadStatFields(pid);
        var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// Major page faults so far (majflt in /proc/<paramref name="pid"/>/stat): pages the process waited to read back
    /// from disk, each a stall no timer of it can prevent.
    /// </summary>
    public static long ReadMajorFaults(int pid) => long.Parse(ReadStatFields(pid)[12 - 3], CultureInfo.InvariantCulture);

    /// <summary>The names of the files the process maps (the last path segment of each file-backed mapping in /proc/<paramref name="pid"/>/maps).</summary>
    public static IReadOnlySet<string> ReadMappedFileNames(int pid) =>
        File.ReadLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => Path.GetFileName(fields[5]))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The names of the process's threads (comm of each task in /proc/<paramref name="pid"/>/task), such as ".NET File Watch".</summary>
    public static IReadOnlyList<string> ReadThreadNames(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())];

    // The value of a line such as "VmRSS:\t   81234 kB", in bytes.
    private static long ReadKibLine(string path, string label)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                var kib = line[label.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kib, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{path} has no {label} line.");
    }

    // The fields of /proc/<pid>/stat from field 3 (state) on: the command name (field 2) is in parentheses and
    // may hold spaces, so the fields are counted after the last ')'.
    private static string[] ReadStatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
