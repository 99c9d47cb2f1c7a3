namespace DuckDuckGoose.Contracts;

/// <summary>
/// The cluster's <c>voters</c> setting: how many voting members it keeps (etcd keeps at most 7 and makes the
/// rest learners; Consul's Autopilot fills server seats the same way). Odd, so no seat is wasted on a tie.
/// </summary>
public static class VoterTarget
{
    /// <summary>Voters a cluster keeps when its configuration names no target.</summary>
    public const int Default = 5;

    /// <summary>The fewest voters a cluster may keep.</summary>
    public const int Min = 1;

    /// <summary>The most voters a cluster may keep: more only slows every commit and election.</summary>
    public const int Max = 9;

    /// <summary>Why <paramref name="voters"/> is not a valid target, or null when it is.</summary>
    public static string? Problem(int voters) =>
        voters is < Min or > Max ? $"must be an odd number from {Min} to {Max}, not {voters}"
        : voters % 2 == 0 ? $"must be odd (an even number of voters tolerates no more failures than one fewer), not {voters}"
        : null;
}
