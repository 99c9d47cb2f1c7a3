using System.CommandLine;
using Refit;

namespace DuckDuckGoose.Cli;

/// <summary>
/// Runs a command's body against the node and turns what went wrong into the documented exit codes
/// (<see cref="ExitCodes"/>): a refusal prints the node's problem details, no answer says which URL and why.
/// </summary>
public static class CommandRunner
{
    /// <summary>Makes <paramref name="body"/> the action of <paramref name="command"/>.</summary>
    public static void SetBody(Command command, GlobalOptions globals, CliConsole console, Func<CliSession, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, globals, console, body, cancellationToken));
    }

    /// <summary>Reads the settings, runs <paramref name="body"/>, and maps its failures to exit codes.</summary>
    public static async Task<int> RunAsync(
        ParseResult parse,
        GlobalOptions globals,
        CliConsole console,
        Func<CliSession, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(globals);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        if (globals.Read(parse, console, out var error) is not { } settings)
        {
            await console.Error.WriteLineAsync($"duckctl: {error}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var output = new CliOutput(console, settings.Json);
        using var session = new CliSession(parse, settings, output);
        try
        {
            return await body(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (NoAnswer.IsInterruption(e, cancellationToken))
        {
            output.Note("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (ApiException e)
        {
            // DuckApiException (an error status, with problem details when the node sent them), or an answer
            // Refit could not read as the admin API's.
            output.Refused(e);
            return ExitCodes.Refused;
        }
        catch (Exception e) when (NoAnswer.Is(e, cancellationToken))
        {
            output.Unreachable(settings.Url, NoAnswer.Describe(e, settings.Timeout));
            return ExitCodes.Unreachable;
        }
    }
}
