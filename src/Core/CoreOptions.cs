namespace DuckDuckGoose.Core;

/// <summary>Settings of one election core. Time is counted in ticks; the caller ticks every <see cref="TickInterval"/>.</summary>
/// <param name="SelfId">This node's id.</param>
/// <param name="TickInterval">Real time between two ticks; used only to turn the timer's timeouts into ticks.</param>
/// <param name="HeartbeatTicks">Ticks between two heartbeat rounds of the Goose.</param>
/// <param name="ElectionTimeoutTicks">The minimum election timeout in ticks; also how long a follower that heard from a live Goose refuses votes.</param>
public sealed record CoreOptions(string SelfId, TimeSpan TickInterval, int HeartbeatTicks, int ElectionTimeoutTicks)
{
    /// <summary>
    /// How often the Goose writes to a non-voter that has nothing to learn: it needs to know the Goose, not to
    /// hold up a lease, so it hears every change at once and otherwise only this keep-alive. 1 s by default.
    /// </summary>
    public TimeSpan NonVoterKeepAlive { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a voter must stay unheard before the Goose's Autopilot gives its seat to a healthy non-voter
    /// (Consul's <c>server_stabilization_time</c>); 10 s by default.
    /// </summary>
    public TimeSpan AutopilotStabilization { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a non-voter must stay unheard before the Goose removes it from the configuration; 5 min by default.</summary>
    public TimeSpan DeadNonVoterRemoval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><see cref="NonVoterKeepAlive"/> in ticks, at least one heartbeat.</summary>
    internal int KeepAliveTicks => Math.Max(HeartbeatTicks, Ticks(NonVoterKeepAlive));

    /// <summary>
    /// Within how many ticks a Goose writes its first word to every non-voter it never wrote to (it was just
    /// elected, or the member just joined), in a configuration of <paramref name="voters"/> voters and
    /// <paramref name="nonVoters"/> non-voters. Such a non-voter names an old Goose or none, so it should not
    /// wait a whole keep-alive; but a new Goose's first rounds, when it also opens its connections to them, must
    /// not become bursts either (a hundred writes in a round delayed its heartbeats past an election timeout on a
    /// small machine). So first words come at about the rate of its heartbeats to the other voters, as many
    /// non-voters per round as it has voting followers, each in a slot of its own: a new Goose's round costs it
    /// about twice a usual one, and its work per round still grows with its voters, not its members. At least
    /// one heartbeat round, at most one keep-alive (a thousand non-voters still hear within it).
    /// </summary>
    public int FirstWordTicks(int voters, int nonVoters)
    {
        var perRound = Math.Max(1, voters - 1);
        var rounds = ((long)Math.Max(0, nonVoters) + perRound - 1) / perRound;
        return (int)Math.Clamp(rounds * HeartbeatTicks, HeartbeatTicks, KeepAliveTicks);
    }

    /// <summary><see cref="FirstWordTicks"/> as a duration.</summary>
    public TimeSpan NonVoterFirstWord(int voters, int nonVoters) => TickInterval * FirstWordTicks(voters, nonVoters);

    /// <summary><see cref="AutopilotStabilization"/> in ticks, at least one minimum election timeout.</summary>
    internal int StabilizationTicks => Math.Max(ElectionTimeoutTicks, Ticks(AutopilotStabilization));

    /// <summary><see cref="DeadNonVoterRemoval"/> in ticks, at least one stabilization time.</summary>
    internal int DeadNonVoterTicks => Math.Max(StabilizationTicks, Ticks(DeadNonVoterRemoval));

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

    /// <summary><see cref="LeaseDuration"/> in whole milliseconds, rounded up, as a Goose announces it in its AppendRequests.</summary>
    public long LeaseMs => Math.Max(0, (long)Math.Ceiling(LeaseDuration.TotalMilliseconds));

    /// <summary>
    /// How many ticks this node refuses votes after hearing a Goose whose lease is <paramref name="gooseLeaseMs"/>
    /// (Raft thesis §6.4.1): at least its own minimum election timeout, which covers a Goose with the same
    /// settings (see <see cref="LeaseDuration"/>); and at least that Goose's lease plus a drift margin of a
    /// ninth of it (a lease is at most nine tenths of its own Goose's timeout, so this is about that timeout
    /// again), in whole ticks of this node rounded up, plus one tick because the first tick after hearing the
    /// Goose may come at once. So members whose timing settings differ (a timeout changed one node at a time)
    /// never leave a Goose holding a lease longer than its followers' promise.
    /// </summary>
    public int VoteRefusalTicks(long gooseLeaseMs)
    {
        var withMargin = gooseLeaseMs * 10.0 / 9;
        var ticks = (long)Math.Ceiling(withMargin / TickInterval.TotalMilliseconds) + 1;
        return (int)Math.Clamp(ticks, ElectionTimeoutTicks, int.MaxValue);
    }

    private int Ticks(TimeSpan duration) => (int)Math.Clamp(Math.Ceiling(duration / TickInterval), 1, int.MaxValue / 4);
}
