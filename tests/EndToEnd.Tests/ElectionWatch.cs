using System.Collections.Concurrent;
using System.Diagnostics;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Polls every node's <c>GET /status</c> in the background while a test changes the cluster, and records
/// what must never happen: two nodes reporting Goose in the same term (two Geese), or a term above the
/// start term plus the hand-overs the test asked for (<see cref="AllowHandOver"/>), which means some node
/// stood for election on its own: a failover, so the Goose was lost.
/// </summary>
internal sealed class ElectionWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly ProcessCluster _cluster;
    private readonly long _startTerm;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, string> _gooseOfTerm = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly Task _polling;
    private long _handOvers;
    private long _lastGooseSeen = Stopwatch.GetTimestamp();

    /// <summary>Starts polling; <paramref name="startTerm"/> is the highest term any node reports now.</summary>
    public ElectionWatch(ProcessCluster cluster, long startTerm)
    {
        _cluster = cluster;
        _startTerm = startTerm;
        _polling = Task.Run(() => PollAsync(_stop.Token));
    }

    /// <summary>How many snapshots were taken.</summary>
    public int Snapshots { get; private set; }

    /// <summary>The longest time no answering node reported Goose.</summary>
    public TimeSpan LongestWithoutGoose { get; private set; }

    /// <summary>The highest term seen.</summary>
    public long HighestTerm { get; private set; }

    /// <summary>Allows the term to rise by one more: call it before each step-down request (each attempt).</summary>
    public void AllowHandOver() => Interlocked.Increment(ref _handOvers);

    /// <summary>The highest term allowed now.</summary>
    public long AllowedTerm => _startTerm + Interlocked.Read(ref _handOvers);

    /// <summary>Stops polling and returns what went wrong, one line each (empty when nothing did).</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        return [.. _violations];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ClusterSnapshot snapshot;
            try
            {
                snapshot = await _cluster.ObserveAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Snapshots++;
            Check(snapshot);
            try
            {
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Check(ClusterSnapshot snapshot)
    {
        // Read after the snapshot: a hand-over allowed before its request is seen by any status showing its term.
        var allowed = AllowedTerm;
        foreach (var probe in snapshot.Answered)
        {
            var status = probe.Status!;
            HighestTerm = Math.Max(HighestTerm, status.Term);
            if (status.Term > allowed)
            {
                _violations.Enqueue(
                    $"{probe.Node.Name} reports term {status.Term} above {allowed} (start term {_startTerm} + {allowed - _startTerm} requested hand-overs): "
                    + $"an election nobody asked for; seen: {snapshot.Describe()}");
            }

            if (probe.IsGoose)
            {
                var goose = _gooseOfTerm.GetOrAdd(status.Term, status.Id);
                if (goose != status.Id)
                {
                    _violations.Enqueue($"two Geese in term {status.Term}: {goose} and {status.Id} ({probe.Node.Name}); seen: {snapshot.Describe()}");
                }
            }
        }

        if (snapshot.Geese.Count > 0)
        {
            _lastGooseSeen = Stopwatch.GetTimestamp();
        }
        else
        {
            var without = Stopwatch.GetElapsedTime(_lastGooseSeen);
            if (without > LongestWithoutGoose)
            {
                LongestWithoutGoose = without;
            }
        }
    }
}
