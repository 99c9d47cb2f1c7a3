using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl remove ID</c>: removes a member for good (<c>DELETE /cluster/members/{id}</c>).</summary>
public static class RemoveCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The member's node id" };
        var command = new Command(
            "remove",
            "Removes a member from the cluster; refused when the voters left would have no reachable majority (DELETE /cluster/members/{id}; needs the admin token)")
        {
            id,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var change = await session.Api.RemoveMemberAsync(session.Parse.GetRequiredValue(id), cancellationToken).ConfigureAwait(false);
            session.Output.Write(change, DuckApiJsonContext.Default.MemberChange, writer => CliFormat.MemberChange(writer, change));
            return ExitCodes.Success;
        });
        return command;
    }
}
