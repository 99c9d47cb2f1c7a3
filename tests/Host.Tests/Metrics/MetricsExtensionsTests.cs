using System.Net;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Metrics;

/// <summary><c>GET /metrics</c> itself: the format, no admin token, the built-in meters, one node's series only.</summary>
public sealed class MetricsExtensionsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Metrics_are_in_the_Prometheus_text_format()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Equal("gauge", scrape.Types["duckduckgoose_is_goose"]);
        Assert.Equal("counter", scrape.Types["duckduckgoose_goose_changes_total"]);
        Assert.Equal("counter", scrape.Types["duckduckgoose_elections_total"]);
    }

    [Fact]
    public async Task Metrics_need_no_token_when_the_node_has_an_admin_token()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path, ("admin-token", "0123456789abcdef-token"));
        using var client = factory.CreateClient();

        using var stepDown = await client.PostAsync(new Uri("/cluster/step-down", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, stepDown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task Metrics_include_ASP_NET_Cores_and_the_runtimes_meters()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();
        using var status = await client.GetAsync(new Uri("/status", UriKind.Relative));

        var scrape = await PrometheusText.ScrapeAsync(client);

        Assert.Equal("histogram", scrape.Types["http_server_request_duration_seconds"]);
        Assert.True(scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/status"), ("http_response_status_code", "200")) >= 1);
        Assert.Equal(Environment.ProcessorCount, scrape.Value("dotnet_process_cpu_count"));
        Assert.NotEmpty(scrape.Find("dotnet_gc_collections_total"));
    }

    [Fact]
    public async Task Each_node_shows_only_its_own_series_when_nodes_share_a_process()
    {
        using var otherData = new TempDirectory();
        using var goose = await NodeFixtures.StartGooseAsync(_data.Path);
        using var duck = await NodeFixtures.StartDuckAsync(otherData.Path);

        var ofGoose = await PrometheusText.ScrapeAsync(goose.CreateClient());
        var ofDuck = await PrometheusText.ScrapeAsync(duck.CreateClient());

        Assert.Equal(1, ofGoose.Value("duckduckgoose_is_goose"));
        Assert.Equal(0, ofDuck.Value("duckduckgoose_is_goose"));
        Assert.Equal(1, ofGoose.Value("duckduckgoose_members", ("voter", "true")));
        Assert.Equal(3, ofDuck.Value("duckduckgoose_members", ("voter", "true")));
    }

    [Fact]
    public async Task Metrics_are_not_in_the_OpenAPI_document()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        var document = await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));

        Assert.Contains("\"/status\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("/metrics", document, StringComparison.Ordinal);
    }
}
