using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl leave ID</c>: a member leaves for now (<c>POST /cluster/members/{id}/leave</c>).</summary>
public static class LeaveCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The member's node id" };
        var command = new Command(
            "leave",
            "A member leaves for now, as a node stopped with SIGTERM asks: a non-voter is removed, a voter hands its seat to a non-voter; refused for the Goose (step down first) (POST /cluster/members/{id}/leave; needs the admin token)")
        {
            id,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var change = await session.Api.LeaveAsync(session.Parse.GetRequiredValue(id), cancellationToken).ConfigureAwait(false);
            session.Output.Write(change, DuckApiJsonContext.Default.MemberChange, writer => CliFormat.MemberChange(writer, change));
            return ExitCodes.Success;
        });
        return command;
    }
}
