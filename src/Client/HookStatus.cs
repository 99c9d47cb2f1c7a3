namespace DuckDuckGoose.Client;

/// <summary>What a node's role hooks have done so far (in <c>GET /status</c>; a snapshot, immutable).</summary>
/// <param name="Enabled">Whether any hook command is configured.</param>
/// <param name="Runs">Hook processes started (or attempted).</param>
/// <param name="Failures">Runs that failed: non-zero exit, timeout, or the process could not start.</param>
/// <param name="Timeouts">Runs killed after <c>hook-timeout-ms</c> (also counted in Failures).</param>
/// <param name="LastExitCode">Exit code of the last run that exited; null before any.</param>
/// <param name="LastFailure">What went wrong in the last failed run; null before any failure.</param>
/// <param name="DesiredRole">The role the hooks are converging on (the node's role when last looked at); null before the runner started.</param>
/// <param name="AppliedRole">The role the hooks last all succeeded for; null before the first success.</param>
/// <param name="AppliedTerm">The term of that success.</param>
/// <param name="Running">The hook running now (<c>on-goose</c>...), or null.</param>
/// <param name="NextRetryAt">When failed hooks run again unless the role changes first; null when not waiting to retry.</param>
public sealed record HookStatus(
    bool Enabled,
    long Runs,
    long Failures,
    long Timeouts,
    int? LastExitCode,
    string? LastFailure,
    NodeRole? DesiredRole,
    NodeRole? AppliedRole,
    long? AppliedTerm,
    string? Running,
    DateTimeOffset? NextRetryAt)
{
    /// <summary>Nothing run yet.</summary>
    public static HookStatus None { get; } = new(false, 0, 0, 0, null, null, null, null, null, null, null);

    /// <summary>Whether the outside world was told the role the node has (as of the last look).</summary>
    public bool Converged => DesiredRole is not null && DesiredRole == AppliedRole;
}
