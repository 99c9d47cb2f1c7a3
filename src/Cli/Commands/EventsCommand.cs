using System.CommandLine;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl events [--limit N]</c>: the node's recent election events (<c>GET /events</c>).</summary>
public static class EventsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var limit = new Option<int?>("--limit", "-n") { Description = "Only the newest N events [default: all the node keeps]", HelpName = "n" };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError($"--limit must be at least 1; got {result.GetValueOrDefault<int?>()}.");
            }
        });
        var command = new Command(
            "events",
            "The node's recent election events, oldest first: each role or state change with its term, time (UTC) and reason, and the Goose's Autopilot decisions (GET /events)")
        {
            limit,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var events = await session.Api.GetEventsAsync(session.Parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            session.Output.Write(events, DuckApiJsonContext.Default.IReadOnlyListElectionEvent, writer => Write(writer, events));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The events as a table, oldest first.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<ElectionEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            writer.WriteLine("no events");
            return;
        }

        var table = new TextTable("at (UTC)", "term", "role", "state", "goose", "what");
        foreach (var e in events)
        {
            table.Add(
                CliFormat.Utc(e.At),
                CliFormat.Number(e.Term),
                CliFormat.Change(e.PreviousRole, e.Role),
                CliFormat.Change(e.PreviousState, e.State),
                e.GooseId ?? "-",
                e.Autopilot is { } decision ? $"autopilot {decision} {e.MemberId}: {e.Reason}" : e.Reason);
        }

        table.WriteTo(writer);
    }
}
