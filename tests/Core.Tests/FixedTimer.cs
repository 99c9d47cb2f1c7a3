using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core.Tests;

/// <summary>A deterministic election timer for tests: the minimum plus a fixed extra.</summary>
internal sealed class FixedTimer(TimeSpan extra) : IElectionTimer
{
    public static FixedTimer Minimum { get; } = new(TimeSpan.Zero);

    public string Name => "fixed";

    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random) => minimum + extra;
}
