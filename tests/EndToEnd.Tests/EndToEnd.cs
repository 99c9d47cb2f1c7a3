using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>Deadlines and small helpers shared by the end-to-end tests.</summary>
internal static class EndToEnd
{
    /// <summary>How long one phase (start, failover, rejoin) may take: generous, for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>A cluster in a fresh temp folder, with a short status timeout so dead nodes are seen quickly.</summary>
    public static ProcessCluster NewCluster(ProcessClusterOptions? options = null) =>
        new(options ?? new ProcessClusterOptions { StatusTimeout = TimeSpan.FromSeconds(2) });

    /// <summary>
    /// Polls <paramref name="check"/> until it reports success; after <see cref="Deadline"/> fails naming
    /// <paramref name="phase"/> and the last thing seen.
    /// </summary>
    public static async Task EventuallyAsync(string phase, Func<Task<(bool Ok, string Seen)>> check, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var seen = "nothing";
        while (!deadline.IsCancellationRequested)
        {
            (var ok, seen) = await check();
            if (ok)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        Assert.Fail($"Phase '{phase}' timed out after {Deadline.TotalSeconds:0} s. Last seen: {seen}");
    }
}
