using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Tests.Support;

/// <summary>What one in-process run of <c>duckctl</c> printed and exited with.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>
    /// Runs <c>duckctl <paramref name="args"/></c> in-process with its own writers and only the given
    /// environment variables (none of the test process's: a DUCK_ADMIN_TOKEN there must not leak in).
    /// </summary>
    public static async Task<CliRun> StartAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        bool terminal = false,
        CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            OutputIsTerminal = terminal,
            GetVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };
        var code = await DuckCtl.RunAsync(args, console, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>duckctl <paramref name="args"/></c> with no environment.</summary>
    public static Task<CliRun> StartAsync(params string[] args) => StartAsync(args, null);

    /// <summary>The environment with just the admin token.</summary>
    public static IReadOnlyDictionary<string, string> WithToken(string token) =>
        new Dictionary<string, string> { [DuckApiClientOptions.AdminTokenVariable] = token };

    /// <summary>For assertion messages: the exit code and both outputs.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Out}\n--- stderr:\n{Error}";
}
