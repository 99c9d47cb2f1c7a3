namespace DuckDuckGoose.Core;

/// <summary>Settings of one election core. Time is counted in ticks; the caller ticks every <see cref="TickInterval"/>.</summary>
/// <param name="SelfId">This node's id.</param>
/// <param name="TickInterval">Real time between two ticks; used only to turn the timer's timeouts into ticks.</param>
/// <param name="HeartbeatTicks">Ticks between two heartbeat rounds of the Goose.</param>
/// <param name="ElectionTimeoutTicks">The minimum election timeout in ticks; also how long a follower that heard from a live Goose refuses votes.</param>
public sealed record CoreOptions(string SelfId, TimeSpan TickInterval, int HeartbeatTicks, int ElectionTimeoutTicks)
{
    /// <summary>The minimum election timeout as a duration.</summary>
    public TimeSpan ElectionTimeout => TickInterval * ElectionTimeoutTicks;
}
