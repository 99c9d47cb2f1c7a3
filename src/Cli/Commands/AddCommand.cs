using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl add ID URL</c>: adds a member, what <c>DUCK_JOIN</c> asks (<c>POST /cluster/members</c>).</summary>
public static class AddCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The new member's node id (its GET /status says it)" };
        var url = new Argument<string>("url") { Description = "The absolute http(s) URL it listens on" };
        var peer = new Option<string?>("--peer") { Description = "Where peers reach it when not at its URL, such as tcp://10.0.0.5:5001 (ZeroMQ)", HelpName = "address" };
        var priority = new Option<int?>("--priority") { Description = "Its election priority, 0 to 100 [default: 1]", HelpName = "n" };
        var command = new Command(
            "add",
            "Adds a node as a member, or changes a member's addresses or priority; the Goose catches it up first and answers once the change is committed (POST /cluster/members; needs the admin token)")
        {
            id,
            url,
            peer,
            priority,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var request = new AddMemberRequest(session.Parse.GetRequiredValue(id), session.Parse.GetRequiredValue(url), session.Parse.GetValue(peer), session.Parse.GetValue(priority));
            var change = await session.Api.AddMemberAsync(request, cancellationToken).ConfigureAwait(false);
            session.Output.Write(change, DuckApiJsonContext.Default.MemberChange, writer => CliFormat.MemberChange(writer, change));
            return ExitCodes.Success;
        });
        return command;
    }
}
