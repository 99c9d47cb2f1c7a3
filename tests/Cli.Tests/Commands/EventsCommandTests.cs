using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests.Commands;

public sealed class EventsCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    private static readonly IReadOnlyList<ElectionEvent> Events =
    [
        new(Start, 2, NodeState.Candidate, NodeRole.Duck, NodeState.Follower, NodeRole.Duck, null, "election timeout"),
        new(Start.AddMilliseconds(15), 2, NodeState.Leader, NodeRole.Goose, NodeState.Candidate, NodeRole.Duck, "g1", "lease granted"),
        new(Start.AddSeconds(20), 2, NodeState.Leader, NodeRole.Goose, NodeState.Leader, NodeRole.Goose, "g1", "d4 is healthy", Autopilot: "promote", MemberId: "d4"),
    ];

    private readonly FakeNode _node = new();

    public EventsCommandTests() =>
        _node.Json("GET", "/events", Events, DuckApiJsonContext.Default.IReadOnlyListElectionEvent);

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_table_of_changes_in_UTC_with_autopilot_decisions()
    {
        var run = await CliRun.StartAsync("events", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches(@"(?m)^2025-03-04 05:06:07\.089\s+2\s+Duck\s+Follower → Candidate\s+-\s+election timeout$", run.Out);
        Assert.Matches(@"(?m)^2025-03-04 05:06:07\.104\s+2\s+Duck → Goose\s+Candidate → Leader\s+g1\s+lease granted$", run.Out);
        Assert.Matches(@"(?m)autopilot promote d4: d4 is healthy$", run.Out);
    }

    [Fact]
    public async Task Limit_is_passed_to_the_node()
    {
        await CliRun.StartAsync("events", "--limit", "2", "--url", _node.Url);

        Assert.Equal("2", _node.RequestsTo("/events").Single().RequestMessage!.Query!["limit"].Single());
    }

    [Fact]
    public async Task Without_limit_none_is_sent()
    {
        await CliRun.StartAsync("events", "--url", _node.Url);

        Assert.False(_node.RequestsTo("/events").Single().RequestMessage!.Query?.ContainsKey("limit") ?? false);
    }

    [Fact]
    public async Task Json_is_the_node_s_list()
    {
        var run = await CliRun.StartAsync("events", "--url", _node.Url, "--json");

        Assert.Equal(Events, JsonSerializer.Deserialize(run.Out, DuckApiJsonContext.Default.IReadOnlyListElectionEvent));
    }
}
