using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using DuckDuckGoose.Cli.Commands;

namespace DuckDuckGoose.Cli;

/// <summary>
/// <c>duckctl</c>, the command-line tool of a DuckDuckGoose cluster (like etcdctl or patronictl): each command
/// is one call of the admin API through the typed client, answered as a table or as JSON, with exit codes
/// scripts can rely on (<see cref="ExitCodes"/>).
/// </summary>
public static class DuckCtl
{
    /// <summary>The command's name, in help and in messages.</summary>
    public const string Name = "duckctl";

    /// <summary>The command tree, writing to <paramref name="console"/>.</summary>
    public static RootCommand Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var globals = new GlobalOptions();
        var root = new RootCommand(
            "Administers a DuckDuckGoose cluster through a node's admin API: any member will do, since a Duck passes changes on to the Goose.")
        {
            StatusCommand.Create(globals, console),
            MembersCommand.Create(globals, console),
            StepDownCommand.Create(globals, console),
            RemoveCommand.Create(globals, console),
            LeaveCommand.Create(globals, console),
            AddCommand.Create(globals, console),
            VotersCommand.Create(globals, console),
            EventsCommand.Create(globals, console),
            WatchCommand.Create(globals, console),
        };
        root.HelpName = Name;
        globals.AddTo(root);
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } helpOption)
        {
            helpOption.Action = new ExitCodesHelpAction(help);
        }

        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command. A wrong command line prints what is wrong (not the
    /// whole help) to the error writer and gives <see cref="ExitCodes.Usage"/>.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var parse = Create(console).Parse(args);
        var wrong = parse.Action is ParseErrorAction;
        if (parse.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
        }

        var invocation = new InvocationConfiguration
        {
            // What is wrong with a command line, typo corrections included, goes to stderr: stdout stays empty for scripts.
            Output = wrong ? console.Error : console.Out,
            Error = console.Error,
            ProcessTerminationTimeout = console.HandlesTermination ? TimeSpan.FromSeconds(2) : null,
        };
        var code = await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (wrong)
        {
            await console.Error.WriteLineAsync($"Run '{Name} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return code;
    }
}
