using System.Diagnostics;
using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;
using Xunit.Abstractions;

namespace DuckDuckGoose.Browser.Tests;

/// <summary>
/// Swagger UI tried in a real browser (issue 3, section 6): a node process on loopback founds a cluster of
/// one and becomes Goose, and headless Chromium opens its <c>/swagger</c> page and works it as a person would.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class SwaggerUiTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminToken = "browser-test-admin-token-0123456789";

    /// <summary>The admin token's security scheme in the OpenAPI document (the host's OpenApiExtensions.AdminTokenScheme).</summary>
    private const string OpenApiSchemeName = "AdminToken";

    // Chromium rendering Swagger UI keeps both cores of a 2-core machine busy; with the default 150 ms election
    // timeout (a ~115 ms lease) a node stalled that long rightly fences itself and reports Duck for a moment
    // (seen here: role Duck, state Leader, goose null). These tests are about the page, not timing, so the
    // node gets a 1 s election timeout: a ~0.88 s lease that such a stall does not outlast.
    private readonly ProcessCluster _cluster = new(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings = { ["election-timeout-ms"] = "1000" },
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Status_executed_from_swagger_ui_shows_the_nodes_role_and_id()
    {
        var browser = chromium.Browser;
        var node = await StartGooseAsync(environment: null);
        var status = await DuckApiClient.Create(new Uri(node.Url)).GetStatusAsync();
        Assert.Equal(NodeRole.Goose, status.Role);

        await using var ui = await SwaggerUiPage.OpenAsync(browser, node.Url, nameof(Status_executed_from_swagger_ui_shows_the_nodes_role_and_id), output);
        await ui.TryItOutAsync("Status", "GetStatus");
        var shown = await ui.ExecuteAsync("Status", "GetStatus");

        await ui.StepAsync($"check the response shown for GET /status against the node's status (id {status.Id}, role Goose)", () =>
        {
            Assert.True(shown.StatusCode == 200, $"expected 200, the page shows {shown}");
            Assert.True(shown.Body.Contains("\"Goose\"", StringComparison.Ordinal), $"expected the role \"Goose\" in the body, the page shows {shown}");
            Assert.True(shown.Body.Contains($"\"{status.Id}\"", StringComparison.Ordinal), $"expected the node id \"{status.Id}\" in the body, the page shows {shown}");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Step_down_from_swagger_ui_is_401_until_the_admin_token_is_entered_in_the_authorize_dialog_then_409()
    {
        var browser = chromium.Browser;
        var node = await StartGooseAsync(new Dictionary<string, string> { ["DUCK_ADMIN_TOKEN"] = AdminToken });

        await using var ui = await SwaggerUiPage.OpenAsync(browser, node.Url, nameof(Step_down_from_swagger_ui_is_401_until_the_admin_token_is_entered_in_the_authorize_dialog_then_409), output);
        await ui.TryItOutAsync("Cluster", "StepDown");
        // The schema's example names a member "string", which this node would answer with 404; ask for any member.
        await ui.SetRequestBodyAsync("Cluster", "StepDown", "{}");

        var before = await ui.ExecuteAsync("Cluster", "StepDown");
        await ui.StepAsync("check that step-down without the token is refused with 401", () =>
        {
            Assert.True(before.StatusCode == 401, $"expected 401 before authorizing, the page shows {before}");
            Assert.True(before.Body.Contains("Admin token required", StringComparison.Ordinal), $"expected the unauthorized problem, the page shows {before}");
            return Task.CompletedTask;
        });

        await ui.AuthorizeAsync(OpenApiSchemeName, AdminToken);
        var after = await ui.ExecuteAsync("Cluster", "StepDown");
        await ui.StepAsync("check that step-down with the token reaches the node, which refuses it (409) as a cluster of one", () =>
        {
            Assert.True(after.StatusCode == 409, $"expected 409 after authorizing, the page shows {after}");
            Assert.True(after.Body.Contains("nobody to hand over to", StringComparison.Ordinal), $"expected the cluster-of-one problem, the page shows {after}");
            return Task.CompletedTask;
        });

        // Refused, so harmless: the node is still the Goose of its cluster of one.
        var status = await DuckApiClient.Create(new Uri(node.Url)).GetStatusAsync();
        Assert.True(status.Role == NodeRole.Goose, $"the refused step-down must leave the node Goose; it reports {status.Role} in term {status.Term}");
    }

    [Fact]
    public async Task Over_mutual_TLS_swagger_ui_loads_over_https_without_a_client_certificate_and_executes_status()
    {
        var folder = Directory.CreateTempSubdirectory("duckduckgoose-browser-tls-").FullName;
        await using var cluster = new ProcessCluster(new ProcessClusterOptions
        {
            StatusTimeout = TimeSpan.FromSeconds(2),
            CommonSettings = { ["election-timeout-ms"] = "1000" },
            RootDirectory = folder,
            Certificates = ClusterCertificates.Create(Path.Combine(folder, "tls")),
        });
        var node = await StartGooseAsync(environment: null, cluster);
        Assert.StartsWith("https://", node.Url, StringComparison.Ordinal);

        await using var ui = await SwaggerUiPage.OpenAsync(chromium.Browser, node.Url, nameof(Over_mutual_TLS_swagger_ui_loads_over_https_without_a_client_certificate_and_executes_status), output, ignoreHttpsErrors: true);
        await ui.TryItOutAsync("Status", "GetStatus");
        var shown = await ui.ExecuteAsync("Status", "GetStatus");

        await ui.StepAsync("check that GET /status executed over https answers 200 with the node's https URL", () =>
        {
            Assert.True(shown.StatusCode == 200, $"expected 200, the page shows {shown}");
            Assert.True(shown.Body.Contains($"\"{node.Url}\"", StringComparison.Ordinal), $"expected the node's URL {node.Url} in the body, the page shows {shown}");
            return Task.CompletedTask;
        });
    }

    private async Task<NodeProcess> StartGooseAsync(IReadOnlyDictionary<string, string>? environment, ProcessCluster? cluster = null)
    {
        cluster ??= _cluster;
        var started = Stopwatch.GetTimestamp();
        var node = cluster.AddNode(NodeSettingsStyle.CommandLine, environment: environment);
        var phase = $"node {node.Name} on port {node.Port} founds a cluster of one and becomes Goose";
        await cluster.WaitForAgreedGooseAsync(phase, 1, BrowserTimeouts.Node, CancellationToken.None);
        output.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalMilliseconds,7:0} ms  {phase}");
        return node;
    }
}
