using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core.Tests;

/// <summary>Always the minimum; keeps every history the core passed in.</summary>
internal sealed class RecordingTimer : IElectionTimer
{
    public List<ElectionHistory> Histories { get; } = [];

    public string Name => "recording";

    public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random)
    {
        Histories.Add(history);
        return minimum;
    }
}
