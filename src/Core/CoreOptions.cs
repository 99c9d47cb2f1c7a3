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

    /// <summary>
    /// How long a Goose's lease lasts after the start of a round a majority acknowledged (Raft thesis
    /// §6.4.1): followers refuse votes for <see cref="ElectionTimeoutTicks"/> ticks after hearing it, which
    /// is at least the timeout less one tick of real time (they count whole ticks), and a round starts up
    /// to a tick late; so the lease is the minimum election timeout less two ticks and less a clock-drift
    /// margin of a tenth of the timeout. Zero or less means the settings leave no lease.
    /// </summary>
    public TimeSpan LeaseDuration => ElectionTimeout - (2 * TickInterval) - (ElectionTimeout / 10);
}
