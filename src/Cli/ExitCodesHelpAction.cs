using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DuckDuckGoose.Cli;

/// <summary><c>--help</c> as System.CommandLine writes it, followed by the exit codes (<see cref="ExitCodes.HelpText"/>).</summary>
public sealed class ExitCodesHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var code = help.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine("Exit codes:");
        output.WriteLine(ExitCodes.HelpText.TrimEnd());
        output.WriteLine();
        return code;
    }
}
