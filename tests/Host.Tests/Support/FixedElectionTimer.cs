using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>An election timer that always answers <c>minimum × factor</c>, so tests know when an election starts.</summary>
public sealed class FixedElectionTimer(double factor = 1) : IElectionTimer
{
    public string Name => "fixed";

    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random) => minimum * factor;
}
