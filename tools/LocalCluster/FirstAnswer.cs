namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// Polls several sources at once, each in its own loop, and returns the first answer that counts: how the
/// failover benchmarks find the first survivor to report itself leader without one slow or dead survivor
/// holding up the poll of the others.
/// </summary>
public static class FirstAnswer
{
    /// <summary>
    /// Calls every one of <paramref name="sources"/> in a loop, <paramref name="interval"/> apart, until one
    /// returns non-null; returns that, or null when <paramref name="deadline"/> passes first. Every loop has
    /// ended when this returns.
    /// </summary>
    public static async Task<T?> PollAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T?>>> sources,
        TimeSpan interval,
        TimeSpan deadline,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(sources);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        done.CancelAfter(deadline);
        var winner = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pollers = sources.Select(PollOneAsync).ToList();
        using (done.Token.Register(() => winner.TrySetResult(null)))
        {
            var result = await winner.Task.ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pollers).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }

        async Task PollOneAsync(Func<CancellationToken, Task<T?>> source)
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    if (await source(done.Token).ConfigureAwait(false) is { } answer)
                    {
                        winner.TrySetResult(answer);
                        return;
                    }

                    await Task.Delay(interval, done.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                // Another source answered first, or the deadline passed.
            }
        }
    }
}
