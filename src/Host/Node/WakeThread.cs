using System.Diagnostics;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// A one-shot wake-up on a thread of its own, for the node actor on the system clock. A .NET timer fires on
/// the shared timer thread, which on Linux judges due times by a coarse clock (4 ms steps here) and so wakes
/// several times, 1 ms apart, before it fires, then hands the callback to a pool thread; a Goose's heartbeat
/// rounds paid that 33 times a second. This thread sleeps until the due time (a condition wait, precise to
/// the millisecond), wakes once, and runs the callback itself. <see cref="Change"/> takes a due time only
/// (no period), as the actor arms it.
/// </summary>
internal sealed class WakeThread : ITimer
{
    private readonly object _gate = new();
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private long _dueAt = long.MaxValue;
    private bool _disposed;

    public WakeThread(TimerCallback callback, object? state, string name)
    {
        _callback = callback;
        _state = state;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <inheritdoc />
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A wake-up thread fires once per arming.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var dueAt = dueTime == Timeout.InfiniteTimeSpan
                ? long.MaxValue
                : Stopwatch.GetTimestamp() + (long)(Math.Max(0, dueTime.TotalSeconds) * Stopwatch.Frequency);

            // Only an earlier wake-up needs the thread now; a later one is seen when it next wakes.
            var sooner = dueAt < _dueAt;
            _dueAt = dueAt;
            if (sooner)
            {
                Monitor.Pulse(_gate);
            }
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (_dueAt == long.MaxValue)
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _dueAt);
                    if (left <= TimeSpan.Zero)
                    {
                        _dueAt = long.MaxValue;
                        break;
                    }

                    // Whole milliseconds, rounded up: the wait never ends before the due time.
                    Monitor.Wait(_gate, (int)Math.Min(int.MaxValue, Math.Ceiling(left.TotalMilliseconds)));
                }
            }

            _callback(_state);
        }
    }
}
