namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// One 3-member cluster the failover trials run on: DuckDuckGoose in the lab's namespaces, DuckDuckGoose on
/// loopback, or etcd in the lab's namespaces. The trials (<see cref="FailoverTrialRunner"/>) only see this.
/// </summary>
internal interface IFailoverSeries : IAsyncDisposable
{
    /// <summary>Short name, as in the report and the plot, such as "DuckDuckGoose, namespaces".</summary>
    string Label { get; }

    /// <summary>Starts the 3 members (they elect a leader on their own).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Asks member <paramref name="member"/> (0 to 2) about itself; null when it does not answer in time.</summary>
    Task<MemberView?> ProbeAsync(int member, CancellationToken cancellationToken);

    /// <summary>Kills member <paramref name="member"/> with SIGKILL.</summary>
    void Kill(int member);

    /// <summary>Starts member <paramref name="member"/> again on its data directory.</summary>
    void Restart(int member);

    /// <summary>
    /// Where the failover went, from the winner's own record, in milliseconds since <paramref name="killedAt"/>;
    /// null when the system keeps no such record (etcd) or the record is incomplete.
    /// </summary>
    Task<FailoverPhases?> PhasesAsync(int winner, DateTimeOffset killedAt, long oldTerm, long newTerm, CancellationToken cancellationToken);
}
