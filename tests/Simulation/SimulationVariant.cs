using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// A named kind of simulated run: its settings, and so its faults and checks. <see cref="All"/> lists them;
/// <see cref="ForSeed"/> picks one from a seed, so a run over many seeds covers every kind, and a seed and a
/// variant's name replay one run exactly.
/// </summary>
/// <param name="Name">Short name, as the runner's --variant and DUCK_SIM_VARIANT take it.</param>
/// <param name="Description">What the variant adds, for the runner's table.</param>
/// <param name="Settings">The settings every seed of this variant runs.</param>
public sealed record SimulationVariant(string Name, string Description, SimulationSettings Settings)
{
    /// <summary>The quiet period of the variants that check availability after the faults.</summary>
    public const int QuietMs = 3_000;

    public static SimulationVariant Default { get; } = Make("default", "3 voters + 2 joiners: crashes, partitions, stalls, loss, removals, hand-overs", new());

    /// <summary>Every variant, in the order <see cref="ForSeed"/> cycles through them.</summary>
    public static IReadOnlyList<SimulationVariant> All { get; } =
    [
        Default,
        Make("five-voters", "5 voters, the default faults", new() { InitialVoters = 5, Joiners = 0 }),
        Make("priorities", "3 voters + 2 joiners with random priorities 0-3 and the priority timer", new() { RandomPriorities = true }),
        Make("priorities-five", "5 voters with random priorities 0-3 and the priority timer", new() { InitialVoters = 5, Joiners = 0, RandomPriorities = true }),
        Make("hand-overs", "5 voters: 3 s of hand-overs and Goose stalls under 20% loss, half the TimeoutNow 100-400 ms late", new() { InitialVoters = 5, Joiners = 0, Shape = SimulationShape.HandOverStorm }),
        Make("mixed-timing", "per-node election timeouts 150 ms in 1, 5 and 10 ms ticks / 1000 ms, and restarts with other timing", new() { MixedTiming = true, RollingTimingChanges = true }),
        Make("foreign-joiners", "joiners that founded a cluster of their own, or start from a stale copy of a member's state", new() { ForeignJoiners = true }),
        Make("one-way-cuts", "directed links dropped (a -> b lost, b -> a delivered), one link or a whole side; then the quiet period", new() { OneWayCuts = true, QuietMs = QuietMs }),
        Make("long-stalls", "a third of the actor stalls last 0.4-2.5 s, longer than any lease; then the quiet period", new() { LongStalls = true, QuietMs = QuietMs }),
        Make("late-messages", "messages up to 2 s late, replayed up to 2 s later, and from before a crash after the restart; then the quiet period", new() { LateMessages = true, QuietMs = QuietMs }),
        Make("quiet", "hand-overs whose TimeoutNow lands after the abort's no-op committed; then 3 s without faults: the settled Goose must stay", new() { LateTimeoutNow = true, QuietMs = QuietMs }),
        Make("non-voters", "3 voters of a target of 3, 3 non-voters, 2 joiners that join as non-voters: the default faults, Autopilot (stabilization 1 s, dead non-voters removed after 3 s), then the quiet period", new()
        {
            NonVoters = 3,
            VoterTarget = 3,
            AutopilotStabilizationMs = 1_000,
            DeadNonVoterRemovalMs = 3_000,
            QuietMs = QuietMs,
        }),
        Make("everything", "every fault above at once, then the quiet period", new()
        {
            MixedTiming = true,
            RollingTimingChanges = true,
            ForeignJoiners = true,
            OneWayCuts = true,
            LongStalls = true,
            LateMessages = true,
            LateTimeoutNow = true,
            QuietMs = QuietMs,
        }),
    ];

    /// <summary>
    /// Many members, few voters (<see cref="SimulationShape.LargeCluster"/>): run by name only, not in <see cref="All"/>'s
    /// cycle, since one seed of 1,000 members takes tens of seconds. Autopilot's times are shortened (stabilization 3 s,
    /// dead non-voters removed after 8 s) so that the faults see seats given away and dead members removed.
    /// </summary>
    public static IReadOnlyList<SimulationVariant> Large { get; } =
    [
        Make("large-100", "5 voters + 95 non-voters: 15 s of crashes, racks, partitions, leaves, voter-target changes; Autopilot; 5 failovers", LargeSettings(95, 15_000)),
        Make("large-1000", "5 voters + 995 non-voters: 20 s of crashes, racks, partitions, leaves, voter-target changes; Autopilot; 5 failovers", LargeSettings(995, 20_000)),
    ];

    /// <summary>The variant named <paramref name="name"/> (of <see cref="All"/> or <see cref="Large"/>); the error lists the known names.</summary>
    public static SimulationVariant Find(string name) =>
        All.Concat(Large).FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown variant '{name}'; known: {string.Join(", ", All.Concat(Large).Select(v => v.Name))}, or all.", nameof(name));

    private static SimulationSettings LargeSettings(int nonVoters, int faultMs) => new()
    {
        Shape = SimulationShape.LargeCluster,
        InitialVoters = 5,
        NonVoters = nonVoters,
        Joiners = 0,
        FaultMs = faultMs,
        AutopilotStabilizationMs = 3_000,
        DeadNonVoterRemovalMs = 8_000,
        Failovers = 5,
    };

    /// <summary>The variant a run over all variants gives <paramref name="seed"/>.</summary>
    public static SimulationVariant ForSeed(int seed) => All[(int)((uint)seed % (uint)All.Count)];

    public SimulatedCluster NewCluster(int seed, bool fullTrace = false) => new(seed, Settings, fullTrace);

    /// <summary>Runs one seed.</summary>
    public SimulationOutcome Run(int seed) => Run(NewCluster(seed));

    /// <summary>Runs <paramref name="cluster"/> (made by <see cref="NewCluster"/>); a failure, or anything else thrown, is the outcome's <see cref="SimulationOutcome.Failure"/>.</summary>
    public SimulationOutcome Run(SimulatedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        string? failure = null;
        var settle = -1L;
        try
        {
            settle = cluster.Run();
        }
        catch (SimulationFailure e)
        {
            failure = e.Message;
        }
        catch (Exception e)
        {
            failure = $"seed {cluster.Seed} ({Name}): the simulation itself threw {e}";
        }

        return new SimulationOutcome(
            cluster.Seed,
            Name,
            settle,
            cluster.NobodyCouldWin,
            cluster.TransfersRequested,
            cluster.TransferOutcomes.GetValueOrDefault(MembershipOutcome.Done),
            failure,
            cluster.Events);
    }

    private static SimulationVariant Make(string name, string description, SimulationSettings settings) =>
        new(name, description, settings with { Name = name });
}
