using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Http;

/// <summary>
/// The admin API in-process, through the typed Refit client where it can express the request and raw
/// HTTP where it cannot (malformed bodies). Multi-node behaviour (joins, hand-overs, removals) is in the
/// end-to-end tests; here: answers of a Goose of one, a Duck that knows no Goose, a Duck that passes a
/// request on to a Goose faked with WireMock, and the admin token.
/// </summary>
public sealed class AdminEndpointsTests : IDisposable
{
    private const string Token = "0123456789abcdef-token";

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static IDuckApi Api(NodeFactory factory, string? token = null)
    {
        var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return DuckApiClient.Create(client);
    }

    private static async Task<DuckApiException> Refused(Func<Task> call) => await Assert.ThrowsAsync<DuckApiException>(call);

    [Fact]
    public async Task The_cluster_view_of_a_Goose_of_one_lists_itself_as_heard_just_now()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);

        var view = await Api(factory).GetClusterAsync();

        Assert.Equal(("a", NodeRole.Goose, "a", (string?)null), (view.NodeId, view.Role, view.Goose?.Id, view.TransferTarget));
        var member = Assert.Single(view.Members);
        Assert.Equal(new ClusterMember("a", "http://127.0.0.1:4001", true, true, 0, member.MatchIndex), member);
    }

    [Fact]
    public async Task The_cluster_view_of_a_Duck_has_no_liveness_figures()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);

        var view = await Api(factory).GetClusterAsync();

        Assert.Equal(["a", "b", "c"], view.Members.Select(m => m.Id));
        Assert.All(view.Members, m => Assert.Equal(((long?)null, (long?)null, false), (m.LastHeardMs, m.MatchIndex, m.IsGoose)));
    }

    [Theory]
    [InlineData("d d", "http://127.0.0.1:5000", "id: 'd d' is not a node id")]
    [InlineData("d", "127.0.0.1:5000", "url: '127.0.0.1:5000' is not an absolute http or https URL")]
    [InlineData("d", "ftp://127.0.0.1", "url: 'ftp://127.0.0.1' is not an absolute http or https URL")]
    public async Task A_bad_member_is_refused_with_400_naming_the_field_and_changes_nothing(string id, string url, string detail)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);

        var error = await Refused(() => api.AddMemberAsync(new AddMemberRequest(id, url)));

        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.BadRequest), (error.StatusCode, error.Problem?.Type));
        Assert.StartsWith(detail, error.Problem?.Detail, StringComparison.Ordinal);
        Assert.Single((await api.GetClusterAsync()).Members);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task A_priority_outside_0_to_100_is_refused_with_400_naming_the_field(int priority)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);

        var error = await Refused(() => api.AddMemberAsync(new AddMemberRequest("d", "http://127.0.0.1:5000", Priority: priority)));

        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.BadRequest), (error.StatusCode, error.Problem?.Type));
        Assert.Equal($"priority: '{priority}' must be between 0 (never stands for election) and 100.", error.Problem?.Detail);
        Assert.Single((await api.GetClusterAsync()).Members);
    }

    [Theory]
    [InlineData("{\"id\":\"d\"", "JSON")]
    [InlineData("[1,2]", "JSON")]
    [InlineData("", "body")]
    public async Task A_malformed_body_is_refused_with_400_problem_details_that_say_why(string body, string mentions)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(
            new Uri("/cluster/members", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DuckApiJsonContext.Default.ApiProblem);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemTypes.BadRequest, problem?.Type);
        Assert.Contains(mentions, problem?.Detail, StringComparison.OrdinalIgnoreCase);

        // Said to the API's user, not to the endpoint's author (an inferred body asks whether a service was meant).
        Assert.DoesNotContain("service", problem?.Detail, StringComparison.OrdinalIgnoreCase);
    }

    // Found by tools/Fuzz: the framework's JSON reader threw InvalidOperationException for an unknown charset,
    // which the exception handler did not know, so the node answered 500.
    [Theory]
    [InlineData("/cluster/members", "{\"id\":\"d\",\"url\":\"http://127.0.0.1:1\"}")]
    [InlineData("/cluster/step-down", "{\"targetId\":null}")]
    public async Task A_body_in_an_unknown_charset_is_refused_with_400_not_500(string path, string body)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DuckApiJsonContext.Default.ApiProblem);

        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.BadRequest), (response.StatusCode, problem?.Type));
        Assert.Contains("nonsense", problem?.Detail, StringComparison.Ordinal);
        Assert.Single((await Api(factory).GetClusterAsync()).Members);
    }

    // Found by tools/Fuzz: an unknown property was ignored, so {"targetIdd":"b"} was a step-down to any voter
    // and a typo in a join was silently dropped. The document says additionalProperties: false; now so does the node.
    [Theory]
    [InlineData("/cluster/members", "{\"id\":\"d\",\"url\":\"http://127.0.0.1:1\",\"bogus\":1}", "bogus")]
    [InlineData("/cluster/step-down", "{\"targetIdd\":\"b\"}", "targetIdd")]
    public async Task An_admin_body_with_an_unknown_property_is_refused_with_400_and_changes_nothing(string path, string body, string property)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DuckApiJsonContext.Default.ApiProblem);

        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.BadRequest), (response.StatusCode, problem?.Type));
        Assert.Contains(property, problem?.Detail, StringComparison.Ordinal);
        Assert.Single((await Api(factory).GetClusterAsync()).Members);
        Assert.Equal(1, (await Api(factory).GetStatusAsync()).Term);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("257")]
    [InlineData("many")]
    [InlineData("99999999999")]
    public async Task An_event_limit_outside_1_to_256_is_refused_with_400(string limit)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri($"/events?limit={limit}", UriKind.Relative));
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DuckApiJsonContext.Default.ApiProblem);

        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.BadRequest), (response.StatusCode, problem?.Type));
        Assert.Equal($"limit: '{limit}' must be a whole number between 1 and 256.", problem?.Detail);
    }

    [Fact]
    public async Task The_events_of_a_new_Goose_tell_when_and_why_it_became_one()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);

        var events = await Api(factory).GetEventsAsync();
        var latest = await Api(factory).GetEventsAsync(limit: 1);

        var became = Assert.Single(events, e => e.Role == NodeRole.Goose);
        Assert.Equal((NodeRole.Duck, NodeState.Follower, NodeState.Leader, 1L, "a"), (became.PreviousRole, became.PreviousState, became.State, became.Term, became.GooseId));
        Assert.Contains("lease", became.Reason, StringComparison.Ordinal);
        Assert.Contains("won", became.Reason, StringComparison.Ordinal);
        Assert.Equal(events[^1], Assert.Single(latest));
        Assert.Equal(events.OrderBy(e => e.At), events);
    }

    [Fact]
    public async Task Removing_an_unknown_member_is_404_and_removing_the_last_one_is_409()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);

        var unknown = await Refused(() => api.RemoveMemberAsync("nobody"));
        var last = await Refused(() => api.RemoveMemberAsync("a"));

        Assert.Equal((HttpStatusCode.NotFound, ProblemTypes.UnknownMember), (unknown.StatusCode, unknown.Problem?.Type));
        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.Rejected), (last.StatusCode, last.Problem?.Type));
        Assert.Single((await api.GetClusterAsync()).Members);
    }

    [Fact]
    public async Task A_Goose_of_one_cannot_step_down_and_an_unknown_target_is_404()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);

        var alone = await Refused(() => api.StepDownAsync(new StepDownRequest()));
        var unknown = await Refused(() => api.StepDownAsync(new StepDownRequest("nobody")));

        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.Rejected), (alone.StatusCode, alone.Problem?.Type));
        Assert.Contains("nobody to hand over to", alone.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, ProblemTypes.UnknownMember), (unknown.StatusCode, unknown.Problem?.Type));
        Assert.Equal(NodeRole.Goose, (await api.GetStatusAsync()).Role);
    }

    [Fact]
    public async Task The_Goose_may_not_leave_it_hands_over_first_and_an_unknown_member_is_404()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);

        var self = await Refused(() => api.LeaveAsync("a"));
        var unknown = await Refused(() => api.LeaveAsync("nobody"));

        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.Rejected), (self.StatusCode, self.Problem?.Type));
        Assert.Contains("hands over leadership before it leaves", self.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, ProblemTypes.UnknownMember), (unknown.StatusCode, unknown.Problem?.Type));
        Assert.Single((await api.GetClusterAsync()).Members);
    }

    [Fact]
    public async Task The_Goose_takes_a_new_voter_target_and_the_cluster_view_shows_it()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);
        Assert.Equal(VoterTarget.Default, (await api.GetClusterAsync()).Voters);

        var change = await api.SetVotersAsync(new VotersRequest(3));

        Assert.Equal((3, "a"), (change.Voters, change.Goose?.Id));
        Assert.Equal(3, (await api.GetClusterAsync()).Voters);
        Assert.Equal(3, (await api.SetVotersAsync(new VotersRequest(3))).Voters);
    }

    [Theory]
    [InlineData(4, "must be odd")]
    [InlineData(0, "must be an odd number from 1 to 9")]
    [InlineData(11, "must be an odd number from 1 to 9")]
    public async Task A_voter_target_that_is_even_or_out_of_range_is_refused_with_400_and_changes_nothing(int voters, string detail)
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        var api = Api(factory);

        var error = await Refused(() => api.SetVotersAsync(new VotersRequest(voters)));

        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.BadRequest), (error.StatusCode, error.Problem?.Type));
        Assert.StartsWith("voters: ", error.Problem?.Detail, StringComparison.Ordinal);
        Assert.Contains(detail, error.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(VoterTarget.Default, (await api.GetClusterAsync()).Voters);
    }

    [Fact]
    public async Task A_Duck_passes_a_voter_target_on_to_the_Goose_it_follows()
    {
        using var goose = new FakeAdminNode { Answer = _ => FakeAdminNode.Json(new VotersChange(3, new Member("b", "http://b"), [], "Committed."), DuckApiJsonContext.Default.VotersChange) };
        using var factory = await DuckFollowingAsync(goose.Url, Token);

        var change = await Api(factory, Token).SetVotersAsync(new VotersRequest(3));

        Assert.Equal(3, change.Voters);
        var passed = Assert.Single(goose.Requests);
        Assert.Equal(("PUT", "/cluster/voters"), (passed.Method, passed.Path));
        Assert.Equal(new VotersRequest(3), JsonSerializer.Deserialize(passed.Body!, DuckApiJsonContext.Default.VotersRequest));
    }

    [Fact]
    public async Task A_Duck_that_knows_no_Goose_answers_503_at_once_with_retry_after()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        var api = Api(factory);

        var join = await Refused(() => api.AddMemberAsync(new AddMemberRequest("d", "http://127.0.0.1:5000")));
        var stepDown = await Refused(() => api.StepDownAsync(new StepDownRequest()));
        var remove = await Refused(() => api.RemoveMemberAsync("b"));

        Assert.All([join, stepDown, remove], e =>
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, ProblemTypes.NoGoose), (e.StatusCode, e.Problem?.Type));
            Assert.Equal(TimeSpan.FromSeconds(1), e.Headers.RetryAfter?.Delta);
        });
    }

    [Fact]
    public async Task A_Duck_passes_a_change_on_to_the_Goose_it_follows_with_the_token_and_relays_the_answer()
    {
        using var goose = new FakeAdminNode { Answer = _ => FakeAdminNode.Done(new Member("d", "http://127.0.0.1:5000")) };
        using var factory = await DuckFollowingAsync(goose.Url, Token);

        var change = await Api(factory, Token).AddMemberAsync(new AddMemberRequest("d", "http://127.0.0.1:5000"));

        Assert.Equal(new Member("d", "http://127.0.0.1:5000"), change.Member);
        var passed = Assert.Single(goose.Requests);
        Assert.Equal(("POST", "/cluster/members"), (passed.Method, passed.Path));
        Assert.Equal("a", passed.Headers![GooseForwarder.ForwardedByHeader].Single());
        Assert.Equal($"Bearer {Token}", passed.Headers!["Authorization"].Single());
        Assert.Equal(new AddMemberRequest("d", "http://127.0.0.1:5000"), JsonSerializer.Deserialize(passed.Body!, DuckApiJsonContext.Default.AddMemberRequest));
    }

    [Fact]
    public async Task The_Gooses_refusal_comes_back_through_the_Duck_unchanged()
    {
        using var goose = new FakeAdminNode { Answer = _ => FakeAdminNode.Problem(409, ProblemTypes.Busy, "Another membership change is in flight") };
        using var factory = await DuckFollowingAsync(goose.Url, token: null);

        var error = await Refused(() => Api(factory).StepDownAsync(new StepDownRequest("b")));

        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.Busy, "Another membership change is in flight"), (error.StatusCode, error.Problem?.Type, error.Problem?.Detail));
        Assert.Equal("/cluster/step-down", Assert.Single(goose.Requests).Path);
    }

    [Fact]
    public async Task A_request_that_was_already_passed_on_is_not_passed_again()
    {
        using var goose = new FakeAdminNode();
        using var factory = await DuckFollowingAsync(goose.Url, token: null);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(GooseForwarder.ForwardedByHeader, "c");

        var error = await Refused(() => DuckApiClient.Create(client).RemoveMemberAsync("c"));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, ProblemTypes.NoGoose), (error.StatusCode, error.Problem?.Type));
        Assert.Empty(goose.Requests);
    }

    [Fact]
    public async Task An_unreachable_Goose_makes_the_Duck_answer_503()
    {
        using var factory = await DuckFollowingAsync($"http://127.0.0.1:{FakeAdminNode.UnusedLoopbackPort()}", token: null);

        var error = await Refused(() => Api(factory).AddMemberAsync(new AddMemberRequest("d", "http://127.0.0.1:5000")));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, ProblemTypes.NoGoose), (error.StatusCode, error.Problem?.Type));
        Assert.Contains("could not reach the Goose b", error.Problem?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_admin_token_changes_need_it_but_status_views_stay_open()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("admin-token", Token));
        var anonymous = Api(factory);

        var missing = await Refused(() => anonymous.StepDownAsync(new StepDownRequest()));
        var wrong = await Refused(() => Api(factory, Token + "x").RemoveMemberAsync("a"));
        var allowed = await Refused(() => Api(factory, Token).StepDownAsync(new StepDownRequest()));

        Assert.Equal((HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized), (missing.StatusCode, missing.Problem?.Type));
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, allowed.StatusCode);
        Assert.Equal(NodeRole.Goose, (await anonymous.GetStatusAsync()).Role);
        Assert.Single((await anonymous.GetClusterAsync()).Members);
        Assert.NotEmpty(await anonymous.GetEventsAsync());
    }

    /// <summary>
    /// A Duck "a" whose configuration names "b" at <paramref name="gooseUrl"/>; a heartbeat from b (through
    /// the peer endpoint) makes a follow it, so a knows b as the Goose.
    /// </summary>
    private async Task<NodeFactory> DuckFollowingAsync(string gooseUrl, string? token)
    {
        NodeIdFile.LoadOrCreate(_data.Path, "a");
        var members = new[] { new Member("a", "http://127.0.0.1:4001"), new Member("b", gooseUrl), new Member("c", "http://127.0.0.1:9") };
        await new FileStateStore(_data.Path).SaveAsync(new DurableState(0, null, new Snapshot(1, 0, members), []), CancellationToken.None);
        var settings = NodeFixtures.Settings(_data.Path);
        if (token is not null)
        {
            settings["admin-token"] = token;
        }

        var factory = new NodeFactory(settings);
        using var client = factory.CreateClient();
        var heartbeat = JsonSerializer.Serialize<PeerMessage>(new AppendRequest("b", 1, 1, 1, 0, [], 1, null), PeerJsonContext.Default.PeerMessage);
        using var response = await client.PostAsync(new Uri("/raft/message", UriKind.Relative), new StringContent(heartbeat, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b", factory.Node.GetStatus().Goose?.Id);
        return factory;
    }

    [Fact]
    public async Task A_node_that_says_it_belongs_to_another_cluster_is_refused_with_409_foreign_cluster()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);

        var error = await Refused(() => Api(factory).AddMemberAsync(new AddMemberRequest("d", "http://127.0.0.1:5000", ClusterId: "another-cluster")));

        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.ForeignCluster), (error.StatusCode, error.Problem?.Type));
        Assert.Contains("another-cluster", error.Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(["a"], (await Api(factory).GetClusterAsync()).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task The_Goose_asks_a_node_an_operator_adds_which_cluster_it_belongs_to()
    {
        // The node at the URL once founded a cluster of its own (started without join).
        var foreign = new NodeStatus("d", "http://d", NodeRole.Goose, NodeState.Leader, 4, null, 1, [], ClusterId: "another-cluster");
        using var newcomer = new FakeAdminNode { Answer = _ => (200, JsonSerializer.Serialize(foreign, DuckApiJsonContext.Default.NodeStatus), "application/json") };
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);

        var error = await Refused(() => Api(factory).AddMemberAsync(new AddMemberRequest("d", newcomer.Url)));

        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.ForeignCluster), (error.StatusCode, error.Problem?.Type));
        Assert.Equal(("GET", "/status"), (Assert.Single(newcomer.Requests).Method, newcomer.Requests[0].Path));
        Assert.Equal(["a"], (await Api(factory).GetClusterAsync()).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task A_node_holding_a_cluster_founded_without_an_id_is_refused_with_409_foreign_cluster()
    {
        // State written before clusters had ids: members, but no id. Its log's indices and terms may collide with ours.
        var legacy = new NodeStatus("d", "http://d", NodeRole.Goose, NodeState.Leader, 4, null, 1, []);
        using var newcomer = new FakeAdminNode { Answer = _ => (200, JsonSerializer.Serialize(legacy, DuckApiJsonContext.Default.NodeStatus), "application/json") };
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);

        var error = await Refused(() => Api(factory).AddMemberAsync(new AddMemberRequest("d", newcomer.Url)));

        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.ForeignCluster), (error.StatusCode, error.Problem?.Type));
        Assert.Contains("founded without an id", error.Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(["a"], (await Api(factory).GetClusterAsync()).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task The_cluster_view_names_the_cluster_and_the_messages_refused()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();
        var stray = new VoteRequest("z", 9, 9, 9, PreVote: false) { Cluster = "another-cluster" };
        using var sent = await client.PostAsync("/raft/message", new StringContent(JsonSerializer.Serialize<PeerMessage>(stray, PeerJsonContext.Default.PeerMessage), Encoding.UTF8, "application/json"));

        var view = await Api(factory).GetClusterAsync();
        var status = await Api(factory).GetStatusAsync();

        Assert.Equal(HttpStatusCode.Forbidden, sent.StatusCode);
        Assert.Equal(factory.Node.Snapshot.Status.ClusterId, view.ClusterId);
        Assert.Equal(view.ClusterId, status.ClusterId);
        Assert.Matches("^[0-9a-f]{32}$", view.ClusterId);
        Assert.Equal(1, view.RefusedMessages!["foreign-cluster"]);
        Assert.Equal(1, status.Term);
    }

    private const string Secret = "the-cluster-secret-of-32-bytes-or-more";

    /// <summary>A newcomer at <paramref name="newcomer"/> that answers the join challenge holding <paramref name="secret"/> (or none: 404).</summary>
    private static void AnswerChallenges(FakeAdminNode newcomer, string id, string? secret, string? claimedUrl = null)
    {
        var empty = new NodeStatus(id, newcomer.Url, NodeRole.Duck, NodeState.Follower, 0, null, 0, []);
        newcomer.ByRequest = request =>
        {
            if (request.Path == "/status")
            {
                return (200, JsonSerializer.Serialize(empty, DuckApiJsonContext.Default.NodeStatus), "application/json");
            }

            if (secret is null)
            {
                return FakeAdminNode.Problem(404, "urn:duckduckgoose:peer:no-secret", "no secret");
            }

            var challenge = JsonSerializer.Deserialize(request.Body!, PeerJsonContext.Default.JoinChallenge)!;
            var proof = DuckDuckGoose.Host.Security.JoinProofs.Answer(
                DuckDuckGoose.Host.Security.ClusterSecrets.Parse(secret), challenge, new Member(id, claimedUrl ?? newcomer.Url));
            return (200, JsonSerializer.Serialize(proof, PeerJsonContext.Default.JoinProof), "application/json");
        };
    }

    [Theory]
    [InlineData(null, "holds no cluster secret")]
    [InlineData("another-cluster-secret-of-32-bytes-or-more", "holds another cluster secret")]
    public async Task With_a_secret_a_node_that_cannot_prove_it_is_refused_with_403_and_nothing_changes(string? theirs, string why)
    {
        using var newcomer = new FakeAdminNode();
        AnswerChallenges(newcomer, "d", theirs);
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("cluster-secret", Secret));

        var error = await Refused(() => Api(factory).AddMemberAsync(new AddMemberRequest("d", newcomer.Url)));

        Assert.Equal((HttpStatusCode.Forbidden, ProblemTypes.SecretNotProven), (error.StatusCode, error.Problem?.Type));
        Assert.Contains(why, error.Problem!.Detail, StringComparison.Ordinal);
        Assert.Contains(newcomer.Requests, r => r.Path == "/raft/proof" && r.Method == "POST");
        Assert.Equal(["a"], (await Api(factory).GetClusterAsync()).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task With_a_secret_a_proof_relayed_from_a_node_at_another_address_is_refused()
    {
        using var newcomer = new FakeAdminNode();
        AnswerChallenges(newcomer, "d", Secret, claimedUrl: "http://10.9.9.9:4001");
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("cluster-secret", Secret));

        var error = await Refused(() => Api(factory).AddMemberAsync(new AddMemberRequest("d", newcomer.Url)));

        Assert.Equal((HttpStatusCode.Forbidden, ProblemTypes.SecretNotProven), (error.StatusCode, error.Problem?.Type));
        Assert.Equal(["a"], (await Api(factory).GetClusterAsync()).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task With_a_secret_a_node_that_proves_it_is_added()
    {
        using var newcomer = new FakeAdminNode();
        AnswerChallenges(newcomer, "d", Secret);
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("cluster-secret", Secret));

        // The fake never catches up, so the Goose keeps it a learner: it is in the cluster view while the call waits.
        using var client = factory.CreateClient();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var adding = client.PostAsync("/cluster/members", JsonContent.Create(new AddMemberRequest("d", newcomer.Url), DuckApiJsonContext.Default.AddMemberRequest), stop.Token);
        while (!(await Api(factory).GetClusterAsync()).Members.Any(m => m.Id == "d"))
        {
            if (adding.IsCompleted)
            {
                using var ended = await adding;
                Assert.Fail($"the add ended with {ended.StatusCode} before the node was proposed: {await ended.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(20, stop.Token);
        }

        await stop.CancelAsync();
        Assert.Contains(newcomer.Requests, r => r.Path == "/raft/proof");
    }

    [Fact]
    public async Task With_a_secret_the_node_answers_a_join_challenge_for_its_own_id_and_address_and_an_unsigned_peer_message_gets_403()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("cluster-secret", Secret));
        using var client = factory.CreateClient();
        var challenge = DuckDuckGoose.Host.Security.JoinProofs.NewChallenge("g");

        using var answered = await client.PostAsync("/raft/proof", JsonContent.Create(challenge, PeerJsonContext.Default.JoinChallenge));
        var proof = await answered.Content.ReadFromJsonAsync(PeerJsonContext.Default.JoinProof);
        var self = factory.Node.Self;
        var stray = new VoteRequest("b", 9, 9, 9, PreVote: false) { Cluster = factory.Node.Snapshot.Status.ClusterId };
        using var sent = await client.PostAsync("/raft/message", new StringContent(JsonSerializer.Serialize<PeerMessage>(stray, PeerJsonContext.Default.PeerMessage), Encoding.UTF8, "application/json"));
        var problem = await sent.Content.ReadFromJsonAsync(DuckApiJsonContext.Default.ApiProblem);

        Assert.True(DuckDuckGoose.Host.Security.JoinProofs.Verifies(DuckDuckGoose.Host.Security.ClusterSecrets.Parse(Secret), challenge, proof, self));
        Assert.Equal((HttpStatusCode.Forbidden, "urn:duckduckgoose:peer:unauthenticated"), (sent.StatusCode, problem?.Type));
        Assert.Equal(1, (await Api(factory).GetStatusAsync()).Term);
    }
}
