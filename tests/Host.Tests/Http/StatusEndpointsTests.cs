using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Host.Tests.Http;

public sealed class StatusEndpointsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static HttpRequestMessage Request(HttpMethod method, string path, string? accept = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        return request;
    }

    [Fact]
    public async Task Status_of_a_Goose_is_json_with_role_state_term_goose_and_members()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        var status = System.Text.Json.JsonSerializer.Deserialize(json, DuckApiJsonContext.Default.NodeStatus);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"role\":\"Goose\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Leader\"", json, StringComparison.Ordinal);
        Assert.NotNull(status);
        Assert.Equal(("a", "http://127.0.0.1:4001", NodeRole.Goose, NodeState.Leader, 1L, 1), (status.Id, status.Url, status.Role, status.State, status.Term, status.MemberCount));
        Assert.Equal("a", status.Goose?.Id);
    }

    [Fact]
    public async Task Status_shows_what_the_role_hooks_did()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("on-goose", "exit 0"), ("on-duck", "exit 3"));
        var runner = factory.Services.GetRequiredService<RoleHookRunner>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await runner.WaitForStatusAsync(s => s.Converged && s.AppliedRole == NodeRole.Goose, deadline.Token);

        var status = await DuckApiClient.Create(factory.CreateClient()).GetStatusAsync();

        Assert.NotNull(status.Hooks);
        Assert.True(status.Hooks.Enabled);
        Assert.True(status.Hooks.Converged);
        Assert.Equal(NodeRole.Goose, status.Hooks.AppliedRole);
        Assert.True(status.Hooks.Failures >= 1, "the start-up on-duck run exits 3 and counts as a failure");
        Assert.True(status.Hooks.Runs > status.Hooks.Failures);
    }

    [Fact]
    public async Task Status_of_a_Duck_names_no_Goose_when_none_is_known()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        var status = await client.GetFromJsonAsync("/status", DuckApiJsonContext.Default.NodeStatus);

        Assert.NotNull(status);
        Assert.Equal((NodeRole.Duck, NodeState.Follower, 0L, 3), (status.Role, status.State, status.Term, status.MemberCount));
        Assert.Null(status.Goose);
    }

    [Theory]
    [InlineData(true, "Goose")]
    [InlineData(false, "Duck")]
    public async Task Status_as_plain_text_is_the_single_word(bool goose, string expected)
    {
        using var factory = goose ? await NodeFixtures.StartGooseAsync(_data.Path) : await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Request(HttpMethod.Get, "/status", "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_is_served_when_the_client_prefers_it()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();
        using var request = Request(HttpMethod.Get, "/status", "text/plain; q=0.5");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json"));

        using var response = await client.SendAsync(request);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(true, "/goose", HttpStatusCode.OK)]
    [InlineData(true, "/duck", HttpStatusCode.ServiceUnavailable)]
    [InlineData(false, "/goose", HttpStatusCode.ServiceUnavailable)]
    [InlineData(false, "/duck", HttpStatusCode.OK)]
    public async Task Health_checks_answer_by_role_for_GET_and_HEAD(bool goose, string path, HttpStatusCode expected)
    {
        using var factory = goose ? await NodeFixtures.StartGooseAsync(_data.Path) : await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var get = await client.SendAsync(Request(HttpMethod.Get, path));
        using var head = await client.SendAsync(Request(HttpMethod.Head, path));

        Assert.Equal(expected, get.StatusCode);
        Assert.Equal(expected, head.StatusCode);
        Assert.Equal(goose ? NodeRole.Goose : NodeRole.Duck, (await get.Content.ReadFromJsonAsync(DuckApiJsonContext.Default.NodeStatus))!.Role);
    }

    [Fact]
    public async Task Head_status_answers_200()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Request(HttpMethod.Head, "/status"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_gets_problem_details()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
