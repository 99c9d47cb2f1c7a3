using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl members</c>: the members as the node sees them (<c>GET /cluster</c>).</summary>
public static class MembersCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command(
            "members",
            "Every member as the node sees it: id, URL, voter, Goose; asked of the Goose, also how long ago it last heard from each and its match index (GET /cluster)");
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var view = await session.Api.GetClusterAsync(cancellationToken).ConfigureAwait(false);
            session.Output.Write(view, DuckApiJsonContext.Default.ClusterView, writer => Write(writer, view));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A heading line that says whose view it is, then the members as a table.</summary>
    public static void Write(TextWriter writer, ClusterView view)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(view);
        var voters = view.Members.Count(m => m.Voter);
        writer.WriteLine(
            $"as {view.NodeId} ({CliFormat.Role(view.Role)}, term {CliFormat.Number(view.Term)}) sees them: {voters} voter{(voters == 1 ? "" : "s")}"
            + (view.Voters is { } target ? $" (target {target})" : "")
            + $", {view.Members.Count - voters} non-voter{(view.Members.Count - voters == 1 ? "" : "s")}"
            + (view.Goose is { } goose ? $"; Goose {goose.Id}" : "; no Goose known")
            + (view.TransferTarget is { } transfer ? $"; handing over to {transfer}" : ""));
        var table = new TextTable("id", "url", "voter", "goose", "heard", "match");
        foreach (var member in view.Members)
        {
            table.Add(
                member.Id,
                member.Url,
                CliFormat.YesNo(member.Voter),
                member.IsGoose ? "GOOSE" : "",
                member.LastHeardMs is { } ms ? $"{CliFormat.Number(ms)} ms ago" : "-",
                member.MatchIndex is { } match ? CliFormat.Number(match) : "-");
        }

        table.WriteTo(writer);
        if (view.Role != NodeRole.Goose && view.Goose is { } known)
        {
            writer.WriteLine($"(only the Goose knows when it last heard from each member: duckctl members --url {known.Url})");
        }
    }
}
