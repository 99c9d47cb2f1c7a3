using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests.Commands;

public sealed class StatusCommandTests : IDisposable
{
    private readonly FakeNode _node = new();
    private readonly Member _goose = Samples.Member("g1", "http://127.0.0.1:4001");

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Prints_the_node_s_status_as_lines()
    {
        var self = Samples.Member("d2", _node.Url);
        Serve(Samples.Status("d2", _node.Url, NodeRole.Duck, 7, _goose, [_goose, self]) with { NonVoterCount = 1 });

        var run = await CliRun.StartAsync("status", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"(?m)^id\s+d2$", run.Out);
        Assert.Matches(@"(?m)^role\s+Duck$", run.Out);
        Assert.Matches(@"(?m)^state\s+Follower$", run.Out);
        Assert.Matches(@"(?m)^term\s+7$", run.Out);
        Assert.Matches(@"(?m)^goose\s+g1 \(http://127\.0\.0\.1:4001\)$", run.Out);
        Assert.Matches(@"(?m)^members\s+2 voters \(g1, d2\), 1 non-voter$", run.Out);
        Assert.Matches(@"(?m)^cluster\s+c0ffee$", run.Out);
    }

    [Fact]
    public async Task Json_is_the_node_s_own_status()
    {
        var status = Samples.Status("g1", _node.Url, NodeRole.Goose, 7, _goose, [_goose]);
        Serve(status);

        var run = await CliRun.StartAsync("status", "--url", _node.Url, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var read = JsonSerializer.Deserialize(run.Out, DuckApiJsonContext.Default.NodeStatus)!;
        Assert.Equal((status.Id, status.Role, status.Term, status.Goose), (read.Id, read.Role, read.Term, read.Goose));
    }

    [Theory]
    [InlineData(NodeRole.Goose, "--goose", ExitCodes.Success)]
    [InlineData(NodeRole.Duck, "--goose", ExitCodes.NotInRole)]
    [InlineData(NodeRole.Duck, "--duck", ExitCodes.Success)]
    [InlineData(NodeRole.Goose, "--duck", ExitCodes.NotInRole)]
    public async Task A_role_check_exits_0_only_in_that_role(NodeRole role, string check, int expected)
    {
        Serve(Samples.Status("n1", _node.Url, role, 3, role == NodeRole.Goose ? Samples.Member("n1", _node.Url) : _goose, [_goose]));

        var run = await CliRun.StartAsync("status", check, "--url", _node.Url);

        Assert.True(run.ExitCode == expected, run.ToString());
        Assert.Equal($"n1 is {(role == NodeRole.Goose ? "the Goose" : "a Duck")} (term 3)", run.Out.Trim());
    }

    private void Serve(NodeStatus status) => _node.Json("GET", "/status", status, DuckApiJsonContext.Default.NodeStatus);
}
