namespace DuckDuckGoose.Chaos.Lab;

/// <summary>How a command run by <see cref="Command"/> ended.</summary>
/// <param name="ExitCode">Its exit code (-1 when it was killed at its deadline).</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>Whether it exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
