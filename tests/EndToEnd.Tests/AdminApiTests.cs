using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Every admin operation driven through the typed Refit client (<see cref="DuckApiClient"/>) against real
/// node processes that have an admin token. Each test builds its own 3-node cluster: the steps inside a
/// test depend on each other (a hand-over changes who the Goose is, a kill cannot be undone), while the
/// three areas (read and add, hand-over, remove and no Goose) do not, so one failing area does not hide
/// the others and no test relies on another's leftovers. Raw HTTP is used only for what Refit cannot send.
/// </summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string AdminToken = "e2e-admin-token-7b1f0c2d";

    /// <summary>Below this, a member's <c>LastHeardMs</c> counts as "just heard" (heartbeats go every 30 ms).</summary>
    private const long RecentlyHeardMs = 1_000;

    /// <summary>How long a node without a reachable Goose may take to say so (it must not hang).</summary>
    private static readonly TimeSpan NoGooseBound = TimeSpan.FromSeconds(5);

    private readonly ProcessCluster _cluster = EndToEnd.NewCluster(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings = { ["admin-token"] = AdminToken },
    });

    private readonly AdminClients _clients = new(AdminToken);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Status_cluster_view_bad_input_and_add_member_through_a_duck()
    {
        var settled = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);
        var three = _cluster.Nodes.ToList();
        var goose = settled.Node;
        var gooseId = settled.Status!.Id;
        var ducks = three.Where(n => n != goose).ToList();

        // Started now, so it is up by the time it is added: it knows no cluster and asks nobody.
        var fourth = _cluster.AddWaitingNode();

        // Phase 1: GetStatus, GetGoose and GetDuck on every node.
        await EndToEnd.EventuallyAsync("GetStatus on the 3 nodes: one Goose, two Ducks, one term, all naming the Goose", async () =>
        {
            var statuses = await Task.WhenAll(three.Select(n => _clients.Anonymous(n).GetStatusAsync()));
            var ok = statuses.Count(s => s.Role == NodeRole.Goose) == 1
                     && statuses.Count(s => s.Role == NodeRole.Duck) == 2
                     && statuses.Single(s => s.Role == NodeRole.Goose).Id == gooseId
                     && statuses.Select(s => s.Term).Distinct().Count() == 1
                     && statuses.All(s => s.Goose?.Id == gooseId);
            return (ok, string.Join("; ", statuses.Select(Describe)));
        }, CancellationToken.None);

        await EndToEnd.EventuallyAsync("GetGoose is 200 only on the Goose and 503 elsewhere; GetDuck the reverse", async () =>
        {
            var rows = new List<string>();
            var ok = true;
            foreach (var node in three)
            {
                var api = _clients.Anonymous(node);
                using var asGoose = await api.GetGooseAsync();
                using var asDuck = await api.GetDuckAsync();
                var (wantGoose, wantDuck) = node == goose
                    ? (HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable)
                    : (HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
                ok &= asGoose.StatusCode == wantGoose && asDuck.StatusCode == wantDuck;
                rows.Add($"{node.Name}: /goose {(int?)asGoose.StatusCode}, /duck {(int?)asDuck.StatusCode}");
            }

            return (ok, string.Join("; ", rows));
        }, CancellationToken.None);

        // Phase 2: GetCluster from the Goose (with liveness) and from a Duck (without).
        await EndToEnd.EventuallyAsync($"GetCluster from the Goose {goose.Name}: 3 voters, each heard within {RecentlyHeardMs} ms", async () =>
        {
            var view = await _clients.Anonymous(goose).GetClusterAsync();
            var ok = view.Role == NodeRole.Goose && view.NodeId == gooseId && view.Goose?.Id == gooseId
                     && view.Members.Count == 3 && view.Members.All(m => m.Voter)
                     && view.Members.Count(m => m.IsGoose) == 1 && view.Members.Single(m => m.IsGoose).Id == gooseId
                     && view.Members.All(m => m.LastHeardMs is >= 0 and < RecentlyHeardMs && m.MatchIndex is not null);
            return (ok, Describe(view));
        }, CancellationToken.None);

        var duckView = await _clients.Anonymous(ducks[0]).GetClusterAsync();
        Assert.True(
            duckView.Role == NodeRole.Duck && duckView.Goose?.Id == gooseId && duckView.Members.Count == 3
            && duckView.Members.All(m => m.Voter && m.LastHeardMs is null && m.MatchIndex is null),
            $"GetCluster from the Duck {ducks[0].Name}: 3 voters, the Goose named, no LastHeardMs or MatchIndex; seen: {Describe(duckView)}");

        var fourthStatus = await WaitForStatusAsync(fourth, s => s.MemberCount == 0 && s.Goose is null, $"{fourth.Name}, started with no one to join, is up and knows no cluster");
        var fourthId = fourthStatus.Id;
        var before = await MemberSetsAsync(three);

        // Phase 3: bad input, through the raw client where Refit cannot produce it, and through Refit where it can.
        await ExpectRawProblemAsync(
            "POST /cluster/members with malformed JSON",
            Post(ducks[0], "/cluster/members", "{\"id\": \"ghost\", \"url\": "),
            HttpStatusCode.BadRequest,
            ProblemTypes.BadRequest);
        await ExpectRawProblemAsync(
            "POST /cluster/members with a 17 KiB body",
            Post(goose, "/cluster/members", $"{{\"id\":\"ghost\",\"url\":\"http://127.0.0.1:9\",\"pad\":\"{new string('x', 17 * 1024)}\"}}"),
            HttpStatusCode.RequestEntityTooLarge,
            ProblemTypes.TooLarge);
        await ExpectRawProblemAsync(
            "POST /cluster/step-down with malformed JSON",
            Post(goose, "/cluster/step-down", "{\"targetId\": [1,"),
            HttpStatusCode.BadRequest,
            ProblemTypes.BadRequest);
        await ExpectRawProblemAsync(
            "GET /events?limit=-1",
            new HttpRequestMessage(HttpMethod.Get, $"{goose.Url}/events?limit=-1"),
            HttpStatusCode.BadRequest,
            ProblemTypes.BadRequest);
        await ExpectProblemAsync("GetEvents(limit: 257)", HttpStatusCode.BadRequest, ProblemTypes.BadRequest,
            () => _clients.Anonymous(goose).GetEventsAsync(257));
        await ExpectProblemAsync("AddMember with a URL that is not http(s)", HttpStatusCode.BadRequest, ProblemTypes.BadRequest,
            () => _clients.Admin(ducks[0]).AddMemberAsync(new AddMemberRequest(fourthId, "ftp://127.0.0.1:21")));
        await ExpectProblemAsync("AddMember with an id that is not a node id", HttpStatusCode.BadRequest, ProblemTypes.BadRequest,
            () => _clients.Admin(ducks[0]).AddMemberAsync(new AddMemberRequest("bad id/!", fourth.Url)));

        // Phase 4: without the token, the Duck refuses at once and nothing changes.
        await ExpectProblemAsync("AddMember through a Duck without the admin token", HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized,
            () => _clients.Anonymous(ducks[0]).AddMemberAsync(new AddMemberRequest(fourthId, fourth.Url)));

        var after = await MemberSetsAsync(three);
        Assert.True(after == before, $"bad input and unauthorized requests must change nothing; members before: {before}; after: {after}");
        var stillWaiting = await _clients.Anonymous(fourth).GetStatusAsync();
        Assert.True(stillWaiting.MemberCount == 0, $"{fourth.Name} must not have been added by refused requests; seen: {Describe(stillWaiting)}");
        var events = await _clients.Anonymous(goose).GetEventsAsync(5);
        Assert.True(events.Count is >= 1 and <= 5, $"GetEvents(limit: 5) answers 1 to 5 events; got {events.Count}");

        // Phase 5: AddMember through a Duck, passed on to the Goose; the waiting node becomes a voter everywhere.
        var change = await _clients.Admin(ducks[0]).AddMemberAsync(new AddMemberRequest(fourthId, fourth.Url));
        Assert.True(
            change.Member.Id == fourthId && change.Goose?.Id == gooseId && change.Members.Any(m => m.Id == fourthId) && change.Members.Count == 4,
            $"AddMember through {ducks[0].Name} is decided by the Goose {gooseId} and names 4 voters; got member {change.Member.Id}, "
            + $"goose {change.Goose?.Id}, members {string.Join(", ", change.Members.Select(m => m.Id))} ({change.Detail})");

        var grown = await _cluster.WaitForAsync(
            $"{fourth.Name} added through {ducks[0].Name}: all 4 report 4 members and one Goose",
            s => s.AgreedGoose(4) is not null,
            EndToEnd.Deadline,
            CancellationToken.None);
        await EndToEnd.EventuallyAsync($"GetCluster on all 4 nodes: 4 voters including {fourth.Name}", async () =>
        {
            var views = await Task.WhenAll(_cluster.Nodes.Select(n => _clients.Anonymous(n).GetClusterAsync()));
            var ok = views.All(v => v.Members.Count == 4 && v.Members.All(m => m.Voter) && v.Members.Any(m => m.Id == fourthId && m.Url == fourth.Url));
            return (ok, string.Join(" | ", views.Select(Describe)));
        }, CancellationToken.None);
        Assert.True(grown[fourth.Name].IsDuck, $"the added node is a Duck; seen: {grown.Describe()}");
    }

    [Fact]
    public async Task Step_down_hands_over_to_the_chosen_or_best_member_without_two_geese()
    {
        var settled = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);
        var ids = await NodeIdsAsync();
        var goose = settled.Node;

        // Refusals first, while the cluster is settled: each changes nothing.
        await ExpectProblemAsync("StepDown without the admin token", HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized,
            () => _clients.Anonymous(goose).StepDownAsync(new StepDownRequest()));
        await ExpectProblemAsync("StepDown to an unknown id", HttpStatusCode.NotFound, ProblemTypes.UnknownMember,
            () => _clients.Admin(goose).StepDownAsync(new StepDownRequest("no-such-node")));
        await ExpectProblemAsync("StepDown to the Goose's own id", HttpStatusCode.Conflict, ProblemTypes.Rejected,
            () => _clients.Admin(goose).StepDownAsync(new StepDownRequest(ids[goose])));
        var unchanged = await _cluster.WaitForAgreedGooseAsync("after the refused step-downs", 3, EndToEnd.Deadline, CancellationToken.None);
        Assert.True(unchanged.Node == goose, $"refused step-downs leave {goose.Name} the Goose; now {unchanged.Node.Name}");

        // 1. To a chosen target, sent to the Goose.
        var target = _cluster.Nodes.First(n => n != goose);
        var handOver = await StepDownAsync("step-down 1 (to a chosen target)", goose, ids[goose], ids[target]);
        Assert.True(handOver.Result.Goose.Id == ids[target],
            $"step-down 1 names the chosen target {target.Name} ({ids[target]}) as Goose; got {handOver.Result.Goose.Id}");
        await AssertGooseRightAfterAsync("step-down 1", target, ids[target]);
        await AssertNoOverlapAsync("step-down 1", handOver, ids);

        // 2. With no target: someone other than the old Goose.
        await _cluster.WaitForAgreedGooseAsync("before step-down 2: all agree on the new Goose", 3, EndToEnd.Deadline, CancellationToken.None);
        handOver = await StepDownAsync("step-down 2 (no target)", target, ids[target], null);
        var second = NodeOf(ids, handOver.Result.Goose.Id);
        Assert.True(second != target, $"step-down 2 with no target picks a member other than the old Goose {target.Name}; got {second.Name}");
        await AssertGooseRightAfterAsync("step-down 2", second, ids[second]);
        await AssertNoOverlapAsync("step-down 2", handOver, ids);

        // 3. Sent to a Duck, which passes it on to the Goose.
        var current = await _cluster.WaitForAgreedGooseAsync("before step-down 3: all agree on the Goose", 3, EndToEnd.Deadline, CancellationToken.None);
        var duck = _cluster.Nodes.First(n => n != current.Node);
        handOver = await StepDownAsync($"step-down 3 (sent to the Duck {duck.Name})", duck, ids[current.Node], null);
        var third = NodeOf(ids, handOver.Result.Goose.Id);
        Assert.True(third != current.Node, $"step-down 3 moves leadership away from {current.Node.Name}; got {third.Name}");
        await AssertGooseRightAfterAsync("step-down 3", third, ids[third]);
        await AssertNoOverlapAsync("step-down 3", handOver, ids);
    }

    [Fact]
    public async Task Remove_member_keeps_a_reachable_majority_and_a_node_without_goose_answers_503()
    {
        var settled = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);
        var ids = await NodeIdsAsync();
        var goose = settled.Node;
        var dead = _cluster.Nodes.First(n => n != goose);
        var live = _cluster.Nodes.First(n => n != goose && n != dead);

        dead.Kill();
        await EndToEnd.EventuallyAsync($"after kill -9 of {dead.Name}, the Goose's GetCluster shows it unheard for over {RecentlyHeardMs} ms", async () =>
        {
            var view = await _clients.Anonymous(goose).GetClusterAsync();
            var deadMember = view.Members.FirstOrDefault(m => m.Id == ids[dead]);
            var liveMember = view.Members.FirstOrDefault(m => m.Id == ids[live]);
            var ok = view.Role == NodeRole.Goose && deadMember is { LastHeardMs: null or > RecentlyHeardMs }
                     && liveMember is { LastHeardMs: < RecentlyHeardMs };
            return (ok, Describe(view));
        }, CancellationToken.None);

        var before = await MemberSetsAsync([goose, live]);
        await ExpectProblemAsync($"RemoveMember of the live {live.Name} while {dead.Name} is dead", HttpStatusCode.Conflict, ProblemTypes.Rejected,
            () => _clients.Admin(goose).RemoveMemberAsync(ids[live]));
        await ExpectProblemAsync("RemoveMember of an unknown id", HttpStatusCode.NotFound, ProblemTypes.UnknownMember,
            () => _clients.Admin(goose).RemoveMemberAsync("no-such-node"));
        await ExpectProblemAsync($"RemoveMember of {dead.Name} without the admin token", HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized,
            () => _clients.Anonymous(goose).RemoveMemberAsync(ids[dead]));
        var after = await MemberSetsAsync([goose, live]);
        Assert.True(after == before, $"refused removals change nothing; members before: {before}; after: {after}");

        // Removing the dead member is fine, also sent to the Duck (passed on to the Goose).
        var change = await _clients.Admin(live).RemoveMemberAsync(ids[dead]);
        Assert.True(
            change.Member.Id == ids[dead] && change.Goose?.Id == ids[goose] && change.Members.Count == 2 && change.Members.All(m => m.Id != ids[dead]),
            $"RemoveMember of {dead.Name} through {live.Name} is decided by the Goose and leaves 2 voters; got goose {change.Goose?.Id}, "
            + $"members {string.Join(", ", change.Members.Select(m => m.Id))} ({change.Detail})");
        await EndToEnd.EventuallyAsync($"{dead.Name}'s id is gone from GetCluster on {goose.Name} and {live.Name}", async () =>
        {
            var views = await Task.WhenAll(new[] { goose, live }.Select(n => _clients.Anonymous(n).GetClusterAsync()));
            var ok = views.All(v => v.Members.Count == 2 && v.Members.All(m => m.Id != ids[dead]));
            return (ok, string.Join(" | ", views.Select(Describe)));
        }, CancellationToken.None);

        // Kill the Goose: the survivor is one of two voters, so it cannot reach any Goose or elect one.
        goose.Kill();
        await ExpectNoGooseEverywhereAsync(live, ids[goose], "right after the Goose was killed");

        // Some election timeouts (150 ms each) later the survivor has given up on the dead Goose, and
        // without a majority it cannot elect one: it must still answer at once.
        await WaitForStatusAsync(live, s => s.Role == NodeRole.Duck, $"{live.Name}, alone of two voters, reports Duck");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await ExpectNoGooseEverywhereAsync(live, ids[goose], "a second after the Goose was killed");
        var last = await _clients.Anonymous(live).GetStatusAsync();
        Assert.True(last.Role == NodeRole.Duck, $"{live.Name} without a majority is no Goose; seen: {Describe(last)}");
    }

    private async Task ExpectNoGooseEverywhereAsync(NodeProcess survivor, string deadGooseId, string phase)
    {
        var api = _clients.Admin(survivor);
        await ExpectNoGooseAsync($"AddMember to the survivor {survivor.Name} {phase}",
            () => api.AddMemberAsync(new AddMemberRequest("ghost-1", "http://127.0.0.1:9")));
        await ExpectNoGooseAsync($"StepDown to the survivor {survivor.Name} {phase}",
            () => api.StepDownAsync(new StepDownRequest()));
        await ExpectNoGooseAsync($"RemoveMember to the survivor {survivor.Name} {phase}",
            () => api.RemoveMemberAsync(deadGooseId));
    }

    private async Task<HandOver> StepDownAsync(string phase, NodeProcess sendTo, string gooseBeforeId, string? targetId)
    {
        // The new Goose refuses changes and hand-overs until its first entry commits (Busy), and an
        // overloaded machine may miss one election timeout (hand-over-failed, the old Goose stays): retry
        // those a few times, fail on anything else.
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var since = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await _clients.Admin(sendTo).StepDownAsync(new StepDownRequest(targetId));
                Assert.True(result.PreviousGoose.Id == gooseBeforeId,
                    $"{phase}: the hand-over is done by the Goose {gooseBeforeId}; the result names {result.PreviousGoose.Id} as the previous Goose");
                return new HandOver(result, since, clock.Elapsed);
            }
            catch (DuckApiException e) when (e.Problem?.Type is ProblemTypes.Busy or ProblemTypes.HandOverFailed)
            {
                failures.Add($"attempt {attempt}: {(int)e.StatusCode} {e.Problem.Type} after {clock.ElapsedMilliseconds} ms ({e.Problem.Detail})");
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }

        Assert.Fail($"{phase}: the step-down sent to {sendTo.Name} never completed: {string.Join("; ", failures)}.\n{_cluster.DescribeLogs()}");
        throw new UnreachableException();
    }

    /// <summary>The step-down returns once the new Goose reports Goose, so the very next status read says so.</summary>
    private async Task AssertGooseRightAfterAsync(string phase, NodeProcess node, string id)
    {
        var status = await _clients.Anonymous(node).GetStatusAsync();
        Assert.True(status.Role == NodeRole.Goose && status.Id == id,
            $"{phase}: GetStatus on the new Goose {node.Name} right after the call returned must say Goose; seen: {Describe(status)}");
    }

    /// <summary>
    /// From every running node's <c>GET /events</c> (one machine, one clock): the old Goose stopped being
    /// Goose no later than any node started being Goose since the call, and the new Goose did start.
    /// </summary>
    private async Task AssertNoOverlapAsync(string phase, HandOver handOver, IReadOnlyDictionary<NodeProcess, string> ids)
    {
        var oldId = handOver.Result.PreviousGoose.Id;
        var newId = handOver.Result.Goose.Id;
        ElectionEvent? oldStop = null;
        var starts = new List<(string Id, ElectionEvent Event)>();
        await EndToEnd.EventuallyAsync($"{phase}: GET /events shows {oldId} stop and {newId} start being Goose", async () =>
        {
            oldStop = null;
            starts.Clear();
            var rows = new List<string>();
            foreach (var node in _cluster.Running)
            {
                var recent = (await _clients.Anonymous(node).GetEventsAsync()).Where(e => e.At >= handOver.Since).ToList();
                if (ids[node] == oldId)
                {
                    oldStop = recent.FirstOrDefault(e => e.PreviousRole == NodeRole.Goose && e.Role != NodeRole.Goose);
                }

                starts.AddRange(recent.Where(e => e.Role == NodeRole.Goose && e.PreviousRole != NodeRole.Goose).Select(e => (ids[node], e)));
                rows.Add($"{node.Name}: " + string.Join(", ", recent.Select(e => $"{e.At:HH:mm:ss.fff} {e.PreviousRole}->{e.Role} t{e.Term} ({e.Reason})")));
            }

            return (oldStop is not null && starts.Any(s => s.Id == newId), string.Join(" | ", rows));
        }, CancellationToken.None);

        foreach (var (id, start) in starts.Where(s => s.Id != oldId))
        {
            Assert.True(start.At >= oldStop!.At,
                $"{phase}: {id} became Goose at {start.At:HH:mm:ss.ffffff} before the old Goose {oldId} stopped at {oldStop.At:HH:mm:ss.ffffff} (two Geese)");
        }
    }

    private async Task ExpectNoGooseAsync(string what, Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        var problem = await ExpectProblemAsync(what, HttpStatusCode.ServiceUnavailable, ProblemTypes.NoGoose, call);
        Assert.True(clock.Elapsed < NoGooseBound, $"{what}: 503 no-goose must come at once, not after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(problem.Headers.RetryAfter is not null, $"{what}: the 503 must carry Retry-After; headers: {problem.Headers}");
    }

    private static async Task<DuckApiException> ExpectProblemAsync(string what, HttpStatusCode status, string type, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (DuckApiException e)
        {
            Assert.True(e.StatusCode == status && e.Problem?.Type == type,
                $"{what}: expected {(int)status} {type}, got {(int)e.StatusCode} {e.Problem?.Type ?? "(no problem details)"}: {e.Message}; body: {e.Content}");
            return e;
        }

        Assert.Fail($"{what}: expected {(int)status} {type}, but the call succeeded");
        throw new UnreachableException();
    }

    private async Task ExpectRawProblemAsync(string what, HttpRequestMessage request, HttpStatusCode status, string type)
    {
        using (request)
        {
            using var response = await _clients.Raw.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            Assert.True(response.StatusCode == status && mediaType == "application/problem+json",
                $"{what}: expected {(int)status} problem details, got {(int)response.StatusCode} {mediaType}: {Shorten(body)}");
            var problem = JsonSerializer.Deserialize(body, DuckApiJsonContext.Default.ApiProblem);
            Assert.True(problem?.Type == type && problem.Status == (int)status,
                $"{what}: expected problem type {type}, got {problem?.Type} (status {problem?.Status}): {Shorten(body)}");
        }
    }

    private HttpRequestMessage Post(NodeProcess node, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, node.Url + path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _clients.AdminToken);
        return request;
    }

    private async Task<NodeStatus> WaitForStatusAsync(NodeProcess node, Func<NodeStatus, bool> condition, string phase)
    {
        NodeStatus? found = null;
        await EndToEnd.EventuallyAsync(phase, async () =>
        {
            var probe = await node.ProbeAsync(CancellationToken.None);
            found = probe.Status;
            return (found is not null && condition(found), found is null ? probe.Error ?? "no answer" : Describe(found));
        }, CancellationToken.None);
        return found!;
    }

    private async Task<Dictionary<NodeProcess, string>> NodeIdsAsync()
    {
        var ids = new Dictionary<NodeProcess, string>();
        foreach (var node in _cluster.Nodes)
        {
            ids[node] = (await _clients.Anonymous(node).GetStatusAsync()).Id;
        }

        return ids;
    }

    private NodeProcess NodeOf(IReadOnlyDictionary<NodeProcess, string> ids, string id) =>
        ids.FirstOrDefault(p => p.Value == id).Key
        ?? throw new InvalidOperationException($"No node of this cluster has id {id}; ids: {string.Join(", ", ids.Select(p => $"{p.Key.Name}={p.Value}"))}");

    /// <summary>Each node's member list from GetCluster (id, URL, voter), one line per node, for before/after comparisons.</summary>
    private async Task<string> MemberSetsAsync(IEnumerable<NodeProcess> nodes)
    {
        var rows = new List<string>();
        foreach (var node in nodes)
        {
            var view = await _clients.Anonymous(node).GetClusterAsync();
            rows.Add($"{node.Name}: " + string.Join(", ", view.Members.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => $"{m.Id}@{m.Url}{(m.Voter ? "" : " (learner)")}")));
        }

        return string.Join(" | ", rows);
    }

    private static string Describe(NodeStatus s) => $"{s.Id}: {s.Role} ({s.State}, term {s.Term}, goose {s.Goose?.Id ?? "none"}, {s.MemberCount} members)";

    private static string Describe(ClusterView v) =>
        $"{v.NodeId} as {v.Role} (term {v.Term}, goose {v.Goose?.Id ?? "none"}): "
        + string.Join(", ", v.Members.Select(m => $"{m.Id}{(m.IsGoose ? "*" : "")}{(m.Voter ? "" : " learner")} heard {m.LastHeardMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} ms match {m.MatchIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record HandOver(StepDownResult Result, DateTimeOffset Since, TimeSpan Took);
}
