namespace DuckDuckGoose.LocalCluster;

/// <summary>The machine's load, printed beside benchmark figures so a reader can tell a quiet run from a busy one.</summary>
public static class LoadAverage
{
    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown".</summary>
    public static string Read()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "unknown";
    }
}
