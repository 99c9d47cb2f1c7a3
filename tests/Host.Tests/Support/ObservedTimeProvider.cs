using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that tells when a timer (such as a Task.Delay) has been set, so a test advances time only after it.</summary>
public sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly SemaphoreSlim _timersCreated = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timersCreated.Release();
        return timer;
    }

    /// <summary>Completes once another timer has been created since the last call.</summary>
    public Task WaitForTimerAsync(CancellationToken cancellationToken) => _timersCreated.WaitAsync(cancellationToken);
}
