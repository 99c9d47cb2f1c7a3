using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl step-down [--to ID]</c>: the Goose hands over leadership (<c>POST /cluster/step-down</c>).</summary>
public static class StepDownCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var to = new Option<string?>("--to") { Description = "The member to hand over to [default: the most up-to-date voter]", HelpName = "id" };
        var command = new Command(
            "step-down",
            "The Goose hands leadership over and the answer names the new Goose; asked of a Duck, it is passed on to the Goose (POST /cluster/step-down; needs the admin token)")
        {
            to,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var result = await session.Api.StepDownAsync(new StepDownRequest(session.Parse.GetValue(to)), cancellationToken).ConfigureAwait(false);
            session.Output.Write(result, DuckApiJsonContext.Default.StepDownResult, writer =>
                writer.WriteLine($"{CliFormat.Member(result.PreviousGoose)} handed over to {CliFormat.Member(result.Goose)} in {CliFormat.Milliseconds(result.ElapsedMs)} (term {CliFormat.Number(result.Term)})"));
            return ExitCodes.Success;
        });
        return command;
    }
}
