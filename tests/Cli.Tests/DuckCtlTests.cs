using DuckDuckGoose.Cli.Tests.Support;

namespace DuckDuckGoose.Cli.Tests;

/// <summary>The command tree: help with the exit codes, and usage errors that exit 2 and send nothing.</summary>
public sealed class DuckCtlTests : IDisposable
{
    private readonly FakeNode _node = new();

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("status", "--help")]
    [InlineData("watch", "-h")]
    public async Task Help_lists_the_commands_and_every_exit_code(params string[] args)
    {
        var run = await CliRun.StartAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("duckctl", run.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", run.Out, StringComparison.Ordinal);
        foreach (var code in new[] { ExitCodes.Success, ExitCodes.Refused, ExitCodes.Usage, ExitCodes.Unreachable, ExitCodes.NotInRole, ExitCodes.Interrupted })
        {
            Assert.Matches($@"(?m)^\s+{code}\s+\S", run.Out);
        }
    }

    [Fact]
    public async Task Root_help_names_every_command()
    {
        var run = await CliRun.StartAsync("--help");

        foreach (var command in new[] { "status", "members", "step-down", "remove", "leave", "add", "voters", "events", "watch" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b", run.Out);
        }
    }

    [Theory]
    [InlineData("no command", new string[0])]
    [InlineData("unknown command", new[] { "statu" })]
    [InlineData("unknown option", new[] { "status", "--gose" })]
    [InlineData("missing id", new[] { "remove" })]
    [InlineData("voters not a number", new[] { "voters", "three" })]
    [InlineData("both role checks", new[] { "status", "--goose", "--duck" })]
    [InlineData("limit 0", new[] { "events", "--limit", "0" })]
    [InlineData("timeout 0", new[] { "status", "--timeout", "0" })]
    [InlineData("interval too short", new[] { "watch", "--interval", "1" })]
    [InlineData("count 0", new[] { "watch", "--count", "0" })]
    public async Task A_wrong_command_line_exits_2_says_why_and_sends_nothing(string why, string[] args)
    {
        var run = await CliRun.StartAsync([.. args, "--url", _node.Url], null);

        Assert.True(run.ExitCode == ExitCodes.Usage, $"{why}: {run}");
        Assert.Contains("duckctl --help", run.Error, StringComparison.Ordinal);
        Assert.True(run.Out.Length == 0, $"{why}: no usage dump on stdout: {run}");
        Assert.Empty(_node.Requests);
    }
}
