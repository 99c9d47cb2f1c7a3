namespace DuckDuckGoose.LocalCluster;

/// <summary>How a host process that was run to completion ended.</summary>
/// <param name="ExitCode">Its exit code, or null when it was still running at the deadline (and was killed).</param>
/// <param name="Output">Its standard output and error, interleaved as they arrived.</param>
public sealed record HostExit(int? ExitCode, string Output)
{
    /// <summary>Whether it was still running at the deadline.</summary>
    public bool TimedOut => ExitCode is null;
}
