using System.Diagnostics;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.LocalCluster;

/// <summary>The first of several nodes to answer <c>GET /goose</c> with 200, polled at once about every 5 ms: how the drills time a failover.</summary>
public static class NewGoosePoll
{
    /// <summary>
    /// Polls every node in <paramref name="nodes"/> through <paramref name="clientFor"/> until one answers 200;
    /// returns it with the <see cref="Stopwatch"/> timestamp of that answer, or null when none did within
    /// <paramref name="deadline"/>.
    /// </summary>
    public static async Task<(NodeProcess Node, long At)?> FirstAsync(
        IReadOnlyList<NodeProcess> nodes,
        Func<NodeProcess, IDuckApi> clientFor,
        TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(clientFor);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        done.CancelAfter(deadline);
        var winner = new TaskCompletionSource<(NodeProcess, long)?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pollers = nodes.Select(node => PollAsync(node, clientFor(node))).ToList();
        using (done.Token.Register(() => winner.TrySetResult(null)))
        {
            var result = await winner.Task.ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pollers).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }

        async Task PollAsync(NodeProcess node, IDuckApi api)
        {
            while (!done.IsCancellationRequested)
            {
                try
                {
                    using var answer = await api.GetGooseAsync(done.Token).ConfigureAwait(false);
                    if (answer.IsSuccessStatusCode)
                    {
                        winner.TrySetResult((node, Stopwatch.GetTimestamp()));
                        return;
                    }
                }
                catch (OperationCanceledException) when (done.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase or TaskCanceledException)
                {
                    // Not answering right now (a stalled or starting node): ask again.
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(5), done.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
