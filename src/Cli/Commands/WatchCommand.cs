using System.CommandLine;
using DuckDuckGoose.Cli.Watch;

namespace DuckDuckGoose.Cli.Commands;

/// <summary><c>duckctl watch</c>: a live table of every member's role, state, term and Goose, until Ctrl+C.</summary>
public static class WatchCommand
{
    /// <summary>The longest one request of a refresh may take, so a dead member does not stall the table (less when <c>--timeout</c> is less).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var interval = new Option<int>("--interval") { Description = "Milliseconds between refreshes", HelpName = "ms", DefaultValueFactory = _ => 500 };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is not (>= 50 and <= 60_000))
            {
                result.AddError($"--interval must be from 50 to 60000 ms; got {result.GetValueOrDefault<int>()}.");
            }
        });
        var count = new Option<int?>("--count") { Description = "Stop after N refreshes (exit 3 if the last one reached no member) [default: until Ctrl+C]", HelpName = "n" };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError($"--count must be at least 1; got {result.GetValueOrDefault<int?>()}.");
            }
        });
        var command = new Command(
            "watch",
            "A live table of every member (role, state, term, the Goose it knows, voter, last heard by the Goose): the members from GET /cluster, "
            + "followed to the Goose, and each member's GET /status, redrawn in place on a terminal, printed when it changes otherwise; Ctrl+C ends it")
        {
            interval,
            count,
        };
        CommandRunner.SetBody(command, globals, console, async (session, cancellationToken) =>
        {
            var requestTimeout = session.Settings.Timeout < RequestTimeout ? session.Settings.Timeout : RequestTimeout;
            var watcher = new ClusterWatcher(session.Settings.Url, url => session.ClientOf(url, requestTimeout), requestTimeout);
            var view = new WatchView(session.Output, session.Settings.Url);
            var refreshes = session.Parse.GetValue(count);
            var pause = TimeSpan.FromMilliseconds(session.Parse.GetValue(interval));
            WatchSnapshot? last = null;
            try
            {
                for (var i = 0; refreshes is null || i < refreshes; i++)
                {
                    if (i > 0)
                    {
                        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    }

                    last = await watcher.ReadAsync(cancellationToken).ConfigureAwait(false);
                    view.Show(last);
                }
            }
            catch (Exception e) when (NoAnswer.IsInterruption(e, cancellationToken))
            {
                // Ctrl+C is how a watch ends.
                return ExitCodes.Success;
            }

            return last?.Error is null ? ExitCodes.Success : ExitCodes.Unreachable;
        });
        return command;
    }
}
