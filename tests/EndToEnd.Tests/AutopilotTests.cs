using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Voters and non-voting Ducks with real node processes on loopback: a cluster that keeps 3 voters takes a
/// fourth node as a non-voter, and when a voter is killed with <c>kill -9</c> the Goose's Autopilot gives its
/// seat to the non-voter once the (shortened) stabilization time has passed, saying why in <c>/events</c>.
/// </summary>
public sealed class AutopilotTests : IAsyncLifetime
{
    private const string AdminToken = "e2e-autopilot-token-3c9a1e7f";

    private readonly ProcessCluster _cluster = EndToEnd.NewCluster(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings =
        {
            ["admin-token"] = AdminToken,
            ["voters"] = "3",
            ["autopilot-stabilization-ms"] = "2000",
        },
    });

    private readonly AdminClients _clients = new(AdminToken);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_fourth_node_joins_as_a_non_voter_and_takes_the_seat_of_a_voter_killed_with_kill_9()
    {
        var goose = await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);
        var fourth = _cluster.AddNode(NodeSettingsStyle.Environment);

        await EndToEnd.EventuallyAsync("the fourth node is a member, a non-voting Duck that names the Goose", async () =>
        {
            var status = await TryAsync(() => _clients.Anonymous(fourth).GetStatusAsync());
            return (status is { Voter: false, MemberCount: 3, NonVoterCount: 1, Role: NodeRole.Duck } && status.Goose?.Id == goose.Status!.Id,
                status is null ? "no answer" : $"voter {status.Voter}, {status.MemberCount} voters, {status.NonVoterCount} non-voters, {status.Role}, Goose {status.Goose?.Id}");
        }, CancellationToken.None);
        var view = await _clients.Anonymous(goose.Node).GetClusterAsync();
        Assert.Equal(3, view.Voters);
        Assert.Equal(4, view.Members.Count);
        var fourthId = (await _clients.Anonymous(fourth).GetStatusAsync()).Id;
        Assert.False(view.Members.Single(m => m.Id == fourthId).Voter);

        var victim = _cluster.Nodes.First(n => n != goose.Node && n != fourth);
        var victimId = (await _clients.Anonymous(victim).GetStatusAsync()).Id;
        victim.Kill();

        await EndToEnd.EventuallyAsync($"the Goose gives {victim.Name}'s seat to {fourth.Name} and demotes {victim.Name}", async () =>
        {
            var cluster = await TryAsync(() => _clients.Anonymous(goose.Node).GetClusterAsync());
            var seats = cluster is null ? "no answer" : string.Join(", ", cluster.Members.Select(m => $"{m.Id}:{(m.Voter ? "voter" : "non-voter")}"));
            return (cluster is not null
                    && cluster.Members.Single(m => m.Id == fourthId).Voter
                    && !cluster.Members.Single(m => m.Id == victimId).Voter
                    && cluster.Members.Count(m => m.Voter) == 3,
                seats);
        }, CancellationToken.None);

        var events = await _clients.Anonymous(goose.Node).GetEventsAsync();
        var decisions = events.Where(e => e.Autopilot is not null).Select(e => (e.Autopilot, e.MemberId)).ToList();
        Assert.Equal([("promote", fourthId), ("demote", victimId)], decisions);
        Assert.Contains(events, e => e.Autopilot == "promote" && e.Reason.Contains($"{victimId} unheard for", StringComparison.Ordinal));
        Assert.True((await _clients.Anonymous(fourth).GetStatusAsync()).Voter);
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or DuckApiException or Refit.ApiRequestException)
        {
            return null;
        }
    }
}
