using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl voters N</c>: how many voters the cluster keeps (<c>PUT /cluster/voters</c>).</summary>
public static class VotersCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var count = new Argument<int>("n") { Description = "How many voters to keep: odd, 1 to 9" };
        var command = new Command(
            "voters",
            "Sets how many voters the cluster keeps; the Goose's Autopilot then promotes or demotes members one at a time to match (PUT /cluster/voters; needs the admin token)")
        {
            count,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var change = await session.Api.SetVotersAsync(new VotersRequest(session.Parse.GetValue(count)), cancellationToken).ConfigureAwait(false);
            session.Output.Write(change, DuckApiJsonContext.Default.VotersChange, writer =>
            {
                writer.WriteLine(change.Detail);
                CliFormat.Pairs(writer, ("voters", CliFormat.Number(change.Voters)), ("goose", CliFormat.Member(change.Goose)), ("members", CliFormat.Ids(change.Members)));
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
