namespace DuckDuckGoose.Cli;

/// <summary>
/// Where <c>duckctl</c> writes and what it reads from its surroundings: the process's console and environment
/// (<see cref="FromProcess"/>), or writers and variables a test supplies.
/// </summary>
public sealed class CliConsole
{
    /// <summary>Answers, tables and JSON.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Errors and refusals.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Whether <see cref="Out"/> is a terminal, so <c>watch</c> may redraw its table in place.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Reads an environment variable (<c>DUCKCTL_URL</c>, <c>DUCK_ADMIN_TOKEN</c>); null when unset.</summary>
    public Func<string, string?> GetVariable { get; init; } = _ => null;

    /// <summary>
    /// Whether Ctrl+C, SIGINT and SIGTERM cancel the running command (instead of ending the process at once).
    /// Only the real process handles them; a test that runs commands in-process leaves its own signals alone.
    /// </summary>
    public bool HandlesTermination { get; init; }

    /// <summary>The process's console and environment.</summary>
    public static CliConsole FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OutputIsTerminal = !Console.IsOutputRedirected,
        GetVariable = Environment.GetEnvironmentVariable,
        HandlesTermination = true,
    };
}
