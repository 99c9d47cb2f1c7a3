namespace DuckDuckGoose.Cli;

/// <summary>
/// What <c>duckctl</c> exits with, so scripts can tell a refusal from a typo from a dead node. The same list
/// is printed under "Exit codes:" by <c>--help</c> (<see cref="HelpText"/>).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>
    /// The node answered with an error (4xx or 5xx; its problem details are printed, with their type) or with
    /// something that is not the admin API's answer.
    /// </summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing argument, a bad URL, an unreadable CA file.</summary>
    public const int Usage = 2;

    /// <summary>No answer from the node: connection refused, name not found, TLS handshake failed, or no answer within <c>--timeout</c>.</summary>
    public const int Unreachable = 3;

    /// <summary><c>status --goose</c> or <c>status --duck</c>: the node answered, but in the other role.</summary>
    public const int NotInRole = 4;

    /// <summary>Ctrl+C or SIGTERM stopped a command before the node answered (<c>watch</c> exits 0 instead).</summary>
    public const int Interrupted = 130;

    /// <summary>The list as <c>--help</c> prints it.</summary>
    public const string HelpText = """
          0    success
          1    the node refused: it answered with an error (problem details printed, with their type) or
               with something that is not the admin API
          2    usage error: unknown command or option, missing argument, bad --url, unreadable --ca-file
          3    node unreachable: connection refused, unknown host, TLS failure, or no answer within --timeout
          4    status --goose / --duck: the node answered in the other role
          130  interrupted by Ctrl+C or SIGTERM (watch exits 0)
        """;
}
