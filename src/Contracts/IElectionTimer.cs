namespace DuckDuckGoose.Contracts;

/// <summary>
/// An election-timer policy (Raft §5.2): a pure function from the configured minimum timeout, recent
/// history and a random source to the next election timeout. It owns no clock and no thread; the
/// election core counts the timeout down in ticks. Found in <c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>
/// and chosen by <see cref="Name"/>.
/// </summary>
public interface IElectionTimer
{
    /// <summary>The name settings use to pick this timer, such as <c>randomized</c>.</summary>
    string Name { get; }

    /// <summary>The next election timeout; must be at least <paramref name="minimum"/>.</summary>
    TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random);
}
