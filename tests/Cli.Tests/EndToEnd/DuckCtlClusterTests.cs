using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Cli.Watch;
using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Cli.Tests.EndToEnd;

/// <summary>
/// duckctl driving a real cluster of node processes on loopback (tools/LocalCluster) with an admin token:
/// every command, through the Goose and through Ducks, each checked by its exit code and its JSON. The
/// steps depend on each other (a node added is then removed; a hand-over changes the Goose), so they are
/// one test. On a loaded machine the Goose may change between two commands, so each phase reads who the
/// Goose is right before it and is retried until a deadline, and a change refused with a retryable problem
/// (no Goose right now, busy) is sent again, as a script would.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DuckCtlClusterTests : IAsyncLifetime
{
    private const string AdminToken = "cli-e2e-admin-token-4d1c9e";

    /// <summary>How long one phase may take: generous, for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly string[] Retryable = [ProblemTypes.NoGoose, ProblemTypes.Busy, ProblemTypes.HandOverFailed];

    private readonly ProcessCluster _cluster = new(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings = { ["admin-token"] = AdminToken },
    });

    /// <summary>The members' ids, in the order they joined (the first three are the voters the test started with).</summary>
    private readonly Dictionary<NodeProcess, string> _ids = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_command_drives_a_running_three_node_cluster()
    {
        await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, Deadline, CancellationToken.None);
        foreach (var probe in (await _cluster.ObserveAsync(CancellationToken.None)).Probes)
        {
            _ids[probe.Node] = probe.Status!.Id;
        }

        await EventuallyAsync("status: --goose exits 0 on the Goose and 4 on a Duck; --json is the Duck's status", async () =>
        {
            var (goose, duck, _) = await SettledAsync(3);
            var onGoose = await Duckctl(goose, "status", "--goose");
            var onDuck = await Duckctl(duck, "status", "--goose");
            var json = await Duckctl(duck, "status", "--json");
            var status = json.ExitCode == ExitCodes.Success ? Json(json, DuckApiJsonContext.Default.NodeStatus) : null;
            var ok = onGoose.ExitCode == ExitCodes.Success && onDuck.ExitCode == ExitCodes.NotInRole
                     && status is { Role: NodeRole.Duck, MemberCount: 3 } && status.Goose?.Id == _ids[goose];
            return (ok, $"{goose.Name}: {onGoose}\n{duck.Name}: {onDuck}\n{json}");
        });

        await EventuallyAsync("members: 3 from a Duck with the Goose flagged; from the Goose each with a last-heard time", async () =>
        {
            var (goose, duck, _) = await SettledAsync(3);
            var fromDuck = await Duckctl(duck, "members", "--json");
            var view = fromDuck.ExitCode == ExitCodes.Success ? Json(fromDuck, DuckApiJsonContext.Default.ClusterView) : null;
            var table = await Duckctl(goose, "members");
            var ok = view is { Members.Count: 3 } && view.Members.SingleOrDefault(m => m.IsGoose)?.Id == _ids[goose]
                     && table.ExitCode == ExitCodes.Success
                     && _ids.Values.All(id => table.Out.Split('\n').Any(l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("ms ago", StringComparison.Ordinal)));
            return (ok, $"{fromDuck}\n{table}");
        });

        var events = Json(Expect(await Duckctl(_cluster.Nodes[0], "events", "--limit", "2", "--json"), ExitCodes.Success, "events --limit 2"), DuckApiJsonContext.Default.IReadOnlyListElectionEvent);
        Assert.True(events.Count is >= 1 and <= 2, $"events --limit 2 gives 1 or 2 events: {string.Join("; ", events)}");

        await EventuallyAsync("watch --count 1, given a Duck: members from the Goose, every member answering, one Goose", async () =>
        {
            var (goose, duck, _) = await SettledAsync(3);
            var run = await Duckctl(duck, "watch", "--count", "1", "--json");
            var snapshot = run.ExitCode == ExitCodes.Success ? JsonSerializer.Deserialize(run.Out.Trim(), CliJsonContext.Default.WatchSnapshot) : null;
            var ok = snapshot is { Members.Count: 3 } && snapshot.Source == goose.Url && snapshot.Members.All(m => m.Status is not null)
                     && snapshot.Members.Where(m => m.Status!.Role == NodeRole.Goose).Select(m => m.Id).SequenceEqual([_ids[goose]]);
            return (ok, run.ToString());
        });

        // A fourth node that never stands for election (priority 0), so it cannot be the Goose when it leaves.
        var fourth = _cluster.AddWaitingNode(settings: new Dictionary<string, string> { ["priority"] = "0" });
        string? fourthId = null;
        await EventuallyAsync($"{fourth.Name}, waiting to be added, answers status", async () =>
        {
            var run = await Duckctl(fourth, "status", "--json");
            fourthId = run.ExitCode == ExitCodes.Success ? Json(run, DuckApiJsonContext.Default.NodeStatus).Id : null;
            return (fourthId is not null, run.ToString());
        });
        await ChangeAsync($"add {fourth.Name} through a Duck", async () => (await SettledAsync(3)).Duck, "add", fourthId!, fourth.Url, "--priority", "0");
        _ids[fourth] = fourthId!;
        await SettledAsync(4);
        await ChangeAsync($"leave {fourth.Name} through a Duck", async () => (await SettledAsync(4)).Duck, "leave", fourthId!);
        var removed = Json(await ChangeAsync($"remove {fourth.Name} through a Duck", async () => (await SettledAsync(4)).Duck, "remove", fourthId!), DuckApiJsonContext.Default.MemberChange);
        Assert.True(removed.Members.Count == 3 && removed.Members.All(m => m.Id != fourthId), $"remove leaves 3 voters without {fourthId}: {string.Join(", ", removed.Members)}");
        fourth.Kill();
        _ids.Remove(fourth);
        await SettledAsync(3);
        Expect(await Duckctl(fourth, "status", "--timeout", "5"), ExitCodes.Unreachable, $"status of the killed {fourth.Name}");

        await ChangeAsync("voters 3 (the target in force)", async () => (await SettledAsync(3)).Duck, "voters", "3");
        var refused = Expect(await Duckctl(_cluster.Nodes[0], "voters", "4", "--json"), ExitCodes.Refused, "voters 4");
        Assert.Equal(ProblemTypes.BadRequest, Problem(refused)?.Type);

        var anonymous = Expect(await Duckctl(_cluster.Nodes[0], new Dictionary<string, string>(), "step-down", "--json"), ExitCodes.Refused, "step-down without the token");
        Assert.Equal(ProblemTypes.Unauthorized, Problem(anonymous)?.Type);

        await EventuallyAsync("step-down --to a Duck, sent through the other Duck: the answer names that Duck as the new Goose", async () =>
        {
            var (goose, duck, otherDuck) = await SettledAsync(3);
            var run = await Duckctl(otherDuck, "step-down", "--to", _ids[duck], "--json");
            if (run.ExitCode == ExitCodes.Refused && Retryable.Contains(Problem(run)?.Type))
            {
                return (false, run.ToString());
            }

            var result = Json(Expect(run, ExitCodes.Success, $"step-down --to {duck.Name} through {otherDuck.Name}"), DuckApiJsonContext.Default.StepDownResult);
            Assert.True(result.PreviousGoose.Id == _ids[goose] && result.Goose.Id == _ids[duck], $"step-down names {_ids[goose]} → {_ids[duck]}: {result}");
            return (true, run.ToString());
        });
    }

    /// <summary>
    /// Waits until the members (the nodes in <see cref="_ids"/> that are running; not a node still waiting to be
    /// added) agree on one Goose with <paramref name="members"/> members; returns it and two voting Ducks.
    /// </summary>
    private async Task<(NodeProcess Goose, NodeProcess Duck, NodeProcess OtherDuck)> SettledAsync(int members)
    {
        var voters = _ids.Keys.Take(3).ToHashSet();
        var snapshot = await _cluster.WaitForAsync(
            $"{members} members agree on one Goose",
            s => Members(s).AgreedGoose(members) is not null,
            Deadline,
            CancellationToken.None);
        var goose = Members(snapshot).AgreedGoose(members)!.Node;
        var ducks = voters.Where(n => n != goose).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        return (goose, ducks[0], ducks[1]);

        ClusterSnapshot Members(ClusterSnapshot all) => new([.. all.Probes.Where(p => _ids.ContainsKey(p.Node))]);
    }

    /// <summary>
    /// Sends a change (with <c>--json</c>) through the node <paramref name="via"/> picks, again while it is
    /// refused with a retryable problem; fails on any other refusal.
    /// </summary>
    private async Task<CliRun> ChangeAsync(string what, Func<Task<NodeProcess>> via, params string[] args)
    {
        CliRun? done = null;
        await EventuallyAsync(what, async () =>
        {
            var run = await Duckctl(await via(), [.. args, "--json"]);
            if (run.ExitCode == ExitCodes.Refused && Retryable.Contains(Problem(run)?.Type))
            {
                return (false, run.ToString());
            }

            done = Expect(run, ExitCodes.Success, what);
            return (true, run.ToString());
        });
        return done!;
    }

    private static Task<CliRun> Duckctl(NodeProcess node, params string[] args) =>
        Duckctl(node, CliRun.WithToken(AdminToken), args);

    private static Task<CliRun> Duckctl(NodeProcess node, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliRun.StartAsync([.. args, "--url", node.Url], environment);

    private static CliRun Expect(CliRun run, int exitCode, string what)
    {
        Assert.True(run.ExitCode == exitCode, $"duckctl {what}: expected exit {exitCode}; {run}");
        return run;
    }

    private static T Json<T>(CliRun run, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(run.Out, type) ?? throw new InvalidOperationException($"null JSON: {run}");

    private static ApiProblem? Problem(CliRun run)
    {
        try
        {
            return JsonSerializer.Deserialize(run.Error.Trim(), DuckApiJsonContext.Default.ApiProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task EventuallyAsync(string phase, Func<Task<(bool Ok, string Seen)>> check)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var seen = "nothing";
        while (!deadline.IsCancellationRequested)
        {
            (var ok, seen) = await check();
            if (ok)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.Fail($"Phase '{phase}' timed out after {Deadline.TotalSeconds:0} s. Last seen: {seen}");
    }
}
