using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests.Commands;

public sealed class MembersCommandTests : IDisposable
{
    private readonly FakeNode _node = new();
    private readonly Member[] _members = [Samples.Member("g1", "http://127.0.0.1:4001"), Samples.Member("d2", "http://127.0.0.1:4002"), Samples.Member("d3", "http://127.0.0.1:4003")];

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task From_the_Goose_a_table_with_last_heard_and_match_index()
    {
        _node.Json("GET", "/cluster", Samples.View("g1", NodeRole.Goose, 5, _members[0], _members, fromGoose: true), DuckApiJsonContext.Default.ClusterView);

        var run = await CliRun.StartAsync("members", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("as g1 (GOOSE, term 5) sees them: 3 voters (target 3), 0 non-voters; Goose g1", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^id\s+url\s+voter\s+goose\s+heard\s+match$", run.Out);
        Assert.Matches(@"(?m)^g1\s+http://127\.0\.0\.1:4001\s+yes\s+GOOSE\s+10 ms ago\s+7$", run.Out);
        Assert.Matches(@"(?m)^d3\s+http://127\.0\.0\.1:4003\s+yes\s+12 ms ago\s+7$", run.Out);
        Assert.DoesNotContain("only the Goose knows", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_a_Duck_it_says_to_ask_the_Goose_for_last_heard()
    {
        _node.Json("GET", "/cluster", Samples.View("d2", NodeRole.Duck, 5, _members[0], _members, fromGoose: false), DuckApiJsonContext.Default.ClusterView);

        var run = await CliRun.StartAsync("members", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"(?m)^d2\s+http://127\.0\.0\.1:4002\s+yes\s+-\s+-$", run.Out);
        Assert.Contains("duckctl members --url http://127.0.0.1:4001", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_is_the_node_s_cluster_view()
    {
        _node.Json("GET", "/cluster", Samples.View("g1", NodeRole.Goose, 5, _members[0], _members, fromGoose: true), DuckApiJsonContext.Default.ClusterView);

        var run = await CliRun.StartAsync("members", "--url", _node.Url, "--json");

        var view = JsonSerializer.Deserialize(run.Out, DuckApiJsonContext.Default.ClusterView)!;
        Assert.Equal(["g1", "d2", "d3"], view.Members.Select(m => m.Id));
        Assert.Equal([10L, 11L, 12L], view.Members.Select(m => m.LastHeardMs!.Value));
    }
}
