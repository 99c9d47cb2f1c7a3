using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl status [--goose | --duck]</c>: the node's <c>GET /status</c>, and a role check for scripts.</summary>
public static class StatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var goose = new Option<bool>("--goose") { Description = $"Exit 0 only when the node is the Goose, {ExitCodes.NotInRole} when it is a Duck" };
        var duck = new Option<bool>("--duck") { Description = $"Exit 0 only when the node is a Duck, {ExitCodes.NotInRole} when it is the Goose" };
        var command = new Command("status", "The node's role, state, term, the Goose it knows and its members (GET /status)") { goose, duck };
        command.Validators.Add(result =>
        {
            if (result.GetValue(goose) && result.GetValue(duck))
            {
                result.AddError("--goose and --duck cannot be given together.");
            }
        });
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var status = await session.Api.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            NodeRole? wanted = session.Parse.GetValue(goose) ? NodeRole.Goose : session.Parse.GetValue(duck) ? NodeRole.Duck : null;
            if (wanted is null)
            {
                session.Output.Write(status, DuckApiJsonContext.Default.NodeStatus, writer => Write(writer, status));
                return ExitCodes.Success;
            }

            // A role check answers in one line, for scripts that test the exit code and log the line.
            session.Output.Write(status, DuckApiJsonContext.Default.NodeStatus, writer =>
                writer.WriteLine($"{status.Id} is {(status.Role == NodeRole.Goose ? "the Goose" : "a Duck")} (term {CliFormat.Number(status.Term)})"));
            return status.Role == wanted ? ExitCodes.Success : ExitCodes.NotInRole;
        });
        return command;
    }

    /// <summary>The status as "key  value" lines.</summary>
    public static void Write(TextWriter writer, NodeStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var members = $"{status.MemberCount} voter{(status.MemberCount == 1 ? "" : "s")} ({CliFormat.Ids(status.Members)})"
                      + (status.NonVoterCount > 0 ? $", {status.NonVoterCount} non-voter{(status.NonVoterCount == 1 ? "" : "s")}" : "");
        CliFormat.Pairs(
            writer,
            ("id", status.Id),
            ("url", status.Url),
            ("role", CliFormat.Role(status.Role)),
            ("state", status.State.ToString()),
            ("term", CliFormat.Number(status.Term)),
            ("goose", CliFormat.Member(status.Goose)),
            ("voter", CliFormat.YesNo(status.Voter)),
            ("members", members),
            ("cluster", status.ClusterId ?? "none yet (not a member of a cluster)"),
            ("hooks", Hooks(status.Hooks)));
    }

    private static string Hooks(HookStatus? hooks) => hooks switch
    {
        null or { Enabled: false } => "none configured",
        _ => $"{hooks.Runs} run{(hooks.Runs == 1 ? "" : "s")}, {hooks.Failures} failed"
             + (hooks.Running is { } running ? $", running {running}" : "")
             + (hooks.Converged ? $", the outside world knows {hooks.AppliedRole}" : hooks.DesiredRole is { } desired ? $", not yet applied: {desired}" : "")
             + (hooks.LastFailure is { } failure ? $"; last failure: {failure}" : ""),
    };
}
