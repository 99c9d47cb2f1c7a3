using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// One node's timing, as the host derives it from its settings: the tick, and in ticks the heartbeat and
/// the minimum election timeout. The node's core, its ticking and its <see cref="LeaderLease"/> all follow it,
/// so nodes of one cluster can run different timings (a rolling change of settings).
/// </summary>
/// <param name="TickMs">Milliseconds between two ticks of the node's own clock.</param>
/// <param name="HeartbeatTicks">Ticks between two heartbeat rounds.</param>
/// <param name="ElectionTimeoutTicks">The minimum election timeout, in ticks.</param>
public sealed record NodeTiming(int TickMs, int HeartbeatTicks, int ElectionTimeoutTicks)
{
    /// <summary>Election timeout 150 ms, heartbeat 30 ms, tick 10 ms (the host's defaults before the 1 ms tick).</summary>
    public static NodeTiming Fast { get; } = new(10, 3, 15);

    /// <summary>The host's defaults: election timeout 150 ms, heartbeat 30 ms, tick 1 ms.</summary>
    public static NodeTiming Default { get; } = new(1, 30, 150);

    /// <summary>The same 150 ms election timeout counted in 5 ms ticks (the lease formula subtracts whole ticks).</summary>
    public static NodeTiming FineTicks { get; } = new(5, 6, 30);

    /// <summary>A slow cluster's settings: election timeout 1000 ms, heartbeat 200 ms (a fifth of it), tick 10 ms.</summary>
    public static NodeTiming Slow { get; } = new(10, 20, 100);

    /// <summary>The timings mixed-timing runs draw from.</summary>
    public static IReadOnlyList<NodeTiming> Profiles { get; } = [Default, Fast, FineTicks, Slow];

    /// <summary>The minimum election timeout in milliseconds.</summary>
    public int ElectionTimeoutMs => TickMs * ElectionTimeoutTicks;

    /// <summary>The lease the host holds with these settings, in micros of the node's own clock (<see cref="CoreOptions.LeaseDuration"/>).</summary>
    public long LeaseMicros => (long)(CoreOptionsFor("lease").LeaseDuration.TotalMilliseconds * 1000);

    /// <summary>The core options a node with this timing runs.</summary>
    public CoreOptions CoreOptionsFor(string selfId) =>
        new(selfId, TimeSpan.FromMilliseconds(TickMs), HeartbeatTicks, ElectionTimeoutTicks);

    /// <inheritdoc />
    public override string ToString() =>
        $"election timeout {ElectionTimeoutMs} ms, heartbeat {TickMs * HeartbeatTicks} ms, tick {TickMs} ms";
}
