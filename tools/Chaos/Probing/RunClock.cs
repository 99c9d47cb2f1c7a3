using System.Diagnostics;

namespace DuckDuckGoose.Chaos.Probing;

/// <summary>
/// Milliseconds since the run's start on the monotonic clock (<see cref="Stopwatch"/>): probe answers, fault
/// changes and step-downs are all stamped with it, so the checker can put them on one line. The wall clock
/// is never used for that, as it may jump.
/// </summary>
public sealed class RunClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Milliseconds since this clock was made.</summary>
    public double NowMs => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
}
