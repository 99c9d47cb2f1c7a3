using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Tests.Commands;

public sealed class VotersCommandTests : IDisposable
{
    private readonly FakeNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Puts_the_target_and_shows_it()
    {
        var goose = Samples.Member("g1", "http://127.0.0.1:4001");
        _node.Json("PUT", "/cluster/voters", new VotersChange(3, goose, [goose], "Committed."), DuckApiJsonContext.Default.VotersChange);

        var run = await CliRun.StartAsync("voters", "3", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"(?m)^voters\s+3$", run.Out);
        var sent = JsonSerializer.Deserialize(_node.RequestsTo("/cluster/voters").Single().RequestMessage!.Body!, DuckApiJsonContext.Default.VotersRequest)!;
        Assert.Equal(3, sent.Voters);
    }

    [Fact]
    public async Task A_target_the_node_refuses_exits_1_with_its_reason()
    {
        _node.Problem("PUT", "/cluster/voters", 400, Client.ProblemTypes.BadRequest, "Malformed request", "voters: must be odd, not 4.");

        var run = await CliRun.StartAsync("voters", "4", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("voters: must be odd, not 4.", run.Error, StringComparison.Ordinal);
    }
}
