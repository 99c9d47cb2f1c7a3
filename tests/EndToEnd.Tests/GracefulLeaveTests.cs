using System.Diagnostics;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Nodes stopped with SIGTERM leave on purpose (real processes on loopback, 3 voters and a non-voter, the
/// default 10 s stabilization, so nothing below can be Autopilot's repair of a failure): the Goose hands
/// over and gives its seat to the non-voter without a timer-driven election; a non-voter that stops is
/// removed; started again, it asks to be added again.
/// </summary>
public sealed class GracefulLeaveTests : IAsyncLifetime
{
    private const string AdminToken = "e2e-leave-token-58d2a0c4";

    private readonly ProcessCluster _cluster = EndToEnd.NewCluster(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings = { ["admin-token"] = AdminToken, ["voters"] = "3" },
    });

    private readonly AdminClients _clients = new(AdminToken);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_Goose_stopped_with_SIGTERM_hands_over_and_its_seat_and_a_stopped_non_voter_is_removed_and_comes_back()
    {
        var goose = await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);
        var fourth = _cluster.AddNode(NodeSettingsStyle.Environment);
        await _cluster.WaitForAgreedGooseAsync("the fourth node joined as a non-voter", 4, EndToEnd.Deadline, CancellationToken.None);
        var gooseId = goose.Status!.Id;
        var fourthId = (await _clients.Anonymous(fourth).GetStatusAsync()).Id;
        var stoppedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        Assert.True(await goose.Node.StopAsync(EndToEnd.Deadline, CancellationToken.None), $"SIGTERM must stop {goose.Node.Name} (it was killed instead).\n{goose.Node.LogTail()}");
        var stopped = clock.Elapsed;

        var next = await _cluster.WaitForAgreedGooseAsync("a survivor is Goose after the hand-over", 4, EndToEnd.Deadline, CancellationToken.None);
        var view = await _clients.Anonymous(next.Node).GetClusterAsync();
        var seats = string.Join(", ", view.Members.Select(m => $"{m.Id}:{(m.Voter ? "voter" : "non-voter")}"));
        Assert.True(view.Members.Single(m => m.Id == fourthId).Voter && !view.Members.Single(m => m.Id == gooseId).Voter,
            $"the stopped Goose's seat went to the non-voter before it exited ({stopped.TotalMilliseconds:0} ms); seats: {seats}");

        var events = await Task.WhenAll(_cluster.Running.Select(n => _clients.Anonymous(n).GetEventsAsync()));
        var timerElections = events.SelectMany(e => e).Where(e => e.At >= stoppedAt && e.Reason.StartsWith("election timeout", StringComparison.Ordinal)).ToList();
        Assert.True(timerElections.Count == 0, $"no survivor's timer started an election: {string.Join("; ", timerElections.Select(e => e.Reason))}");
        var promoted = (await _clients.Anonymous(next.Node).GetEventsAsync()).Concat(events.SelectMany(e => e)).FirstOrDefault(e => e.Autopilot == "promote");
        Assert.True(promoted?.Reason.Contains($"{gooseId} is leaving", StringComparison.Ordinal) == true, $"the seat was handed on because the Goose left: {promoted?.Reason}");

        // The old Goose comes back a non-voter; stopped again, as a non-voter it is removed.
        goose.Node.Start();
        await _cluster.WaitForAgreedGooseAsync($"{goose.Node.Name} back as a non-voter", 4, EndToEnd.Deadline, CancellationToken.None);
        Assert.True(await goose.Node.StopAsync(EndToEnd.Deadline, CancellationToken.None), $"SIGTERM must stop {goose.Node.Name} again.\n{goose.Node.LogTail()}");
        await EndToEnd.EventuallyAsync($"{goose.Node.Name}, a non-voter, left the configuration", async () =>
        {
            var members = (await _clients.Anonymous(next.Node).GetClusterAsync()).Members;
            return (members.All(m => m.Id != gooseId), string.Join(", ", members.Select(m => m.Id)));
        }, CancellationToken.None);

        // Started again on the same data directory, it asks to be added again.
        goose.Node.Start();
        await _cluster.WaitForAgreedGooseAsync($"{goose.Node.Name} removed and started again is a member again", 4, EndToEnd.Deadline, CancellationToken.None);
        var back = await _clients.Anonymous(goose.Node).GetStatusAsync();
        Assert.Equal((gooseId, false, NodeRole.Duck), (back.Id, back.Voter, back.Role));
    }
}
