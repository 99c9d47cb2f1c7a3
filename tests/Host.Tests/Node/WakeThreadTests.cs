using System.Diagnostics;
using DuckDuckGoose.Host.Node;

namespace DuckDuckGoose.Host.Tests.Node;

// On the real clock (the wake thread exists for it): each check waits on the event with a generous deadline,
// and asserts order and bounds that hold however slow the machine is.
public sealed class WakeThreadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Fires_once_on_its_own_thread_and_not_before_its_due_time()
    {
        var fired = new List<(long At, int Thread)>();
        using var signal = new SemaphoreSlim(0);
        using var wake = new WakeThread(_ => { lock (fired) { fired.Add((Stopwatch.GetTimestamp(), Environment.CurrentManagedThreadId)); } signal.Release(); }, null, "test wake");

        var armed = Stopwatch.GetTimestamp();
        wake.Change(TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

        Assert.True(signal.Wait(Deadline), "did not fire");
        Assert.False(signal.Wait(TimeSpan.FromMilliseconds(200)), "fired twice for one arming");
        var (at, thread) = Assert.Single(fired);
        Assert.True(Stopwatch.GetElapsedTime(armed, at) >= TimeSpan.FromMilliseconds(50), "fired before its due time");
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public void An_earlier_due_time_replaces_a_later_one_and_infinite_disarms()
    {
        using var signal = new SemaphoreSlim(0);
        using var wake = new WakeThread(_ => signal.Release(), null, "test wake");

        wake.Change(TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan);
        wake.Change(TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        Assert.True(signal.Wait(Deadline), "the earlier due time did not fire");

        wake.Change(TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan);
        wake.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.False(signal.Wait(TimeSpan.FromMilliseconds(300)), "fired after it was disarmed");

        wake.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.True(signal.Wait(Deadline), "a due time of zero did not fire");
    }

    [Fact]
    public void After_dispose_it_never_fires_and_refuses_to_be_armed()
    {
        using var signal = new SemaphoreSlim(0);
        var wake = new WakeThread(_ => signal.Release(), null, "test wake");
        wake.Change(TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);

        wake.Dispose();

        Assert.False(signal.Wait(TimeSpan.FromMilliseconds(300)), "fired after dispose");
        Assert.Throws<ObjectDisposedException>(() => wake.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void A_period_is_refused()
    {
        using var wake = new WakeThread(_ => { }, null, "test wake");

        Assert.Throws<ArgumentOutOfRangeException>(() => wake.Change(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }
}
