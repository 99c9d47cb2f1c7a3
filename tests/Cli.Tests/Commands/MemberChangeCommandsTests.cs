using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests.Commands;

/// <summary><c>remove</c>, <c>leave</c> and <c>add</c>: the request each sends and how the Goose's answer is shown.</summary>
public sealed class MemberChangeCommandsTests : IDisposable
{
    private static readonly Member Goose = Samples.Member("g1", "http://127.0.0.1:4001");
    private static readonly Member Other = Samples.Member("d2", "http://127.0.0.1:4002");
    private static readonly Member Changed = Samples.Member("d3", "http://127.0.0.1:4003");

    private readonly FakeNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Remove_deletes_the_member_and_shows_the_voters_left()
    {
        Serve("DELETE", "/cluster/members/d3", new MemberChange(Changed, Goose, [Goose, Other], "Removed d3."));

        var run = await CliRun.StartAsync("remove", "d3", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"(?m)^Removed d3\.$", run.Out);
        Assert.Matches(@"(?m)^voters\s+g1, d2$", run.Out);
        Assert.Single(_node.RequestsTo("/cluster/members/d3"));
    }

    [Fact]
    public async Task Leave_posts_to_the_member_s_leave_route()
    {
        Serve("POST", "/cluster/members/d3/leave", new MemberChange(Changed, Goose, [Goose, Other], "d3 left: its seat went to d4."));

        var run = await CliRun.StartAsync("leave", "d3", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"(?m)^d3 left: its seat went to d4\.$", run.Out);
        Assert.Single(_node.RequestsTo("/cluster/members/d3/leave"));
    }

    [Fact]
    public async Task Add_sends_id_url_peer_and_priority()
    {
        Serve("POST", "/cluster/members", new MemberChange(Changed, Goose, [Goose, Other, Changed], "Added d3."));

        var run = await CliRun.StartAsync("add", "d3", "http://127.0.0.1:4003", "--peer", "tcp://127.0.0.1:5003", "--priority", "40", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var sent = JsonSerializer.Deserialize(_node.RequestsTo("/cluster/members").Single().RequestMessage!.Body!, DuckApiJsonContext.Default.AddMemberRequest)!;
        Assert.Equal(new AddMemberRequest("d3", "http://127.0.0.1:4003", "tcp://127.0.0.1:5003", 40), sent);
    }

    [Fact]
    public async Task Json_is_the_Goose_s_answer()
    {
        var change = new MemberChange(Changed, Goose, [Goose, Other], "Removed d3.");
        Serve("DELETE", "/cluster/members/d3", change);

        var run = await CliRun.StartAsync("remove", "d3", "--url", _node.Url, "--json");

        var read = JsonSerializer.Deserialize(run.Out, DuckApiJsonContext.Default.MemberChange)!;
        Assert.Equal((change.Member, change.Goose, change.Detail), (read.Member, read.Goose, read.Detail));
        Assert.Equal(change.Members, read.Members);
    }

    private void Serve(string method, string path, MemberChange change) =>
        _node.Json(method, path, change, DuckApiJsonContext.Default.MemberChange);
}
