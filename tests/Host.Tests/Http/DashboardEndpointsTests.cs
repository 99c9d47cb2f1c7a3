using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Http;

/// <summary>The dashboard's static files (the page itself is tried in a browser in Browser.Tests).</summary>
public sealed partial class DashboardEndpointsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_page_is_html_under_a_policy_that_runs_only_its_own_script_and_everything_it_links_is_served_by_the_node()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();

        using var page = await client.GetAsync(new Uri("/dashboard", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);

        // No CDN: every file the page links is the node's own, and each is served with its type.
        var linked = Linked().Matches(html).Select(m => m.Groups["path"].Value).ToList();
        Assert.Equal(["/dashboard/dashboard.css", "/dashboard/dashboard.js"], linked.Order(StringComparer.Ordinal));
        foreach (var (path, type) in linked.Select(p => (p, p.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css")))
        {
            using var file = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal((HttpStatusCode.OK, type), (file.StatusCode, file.Content.Headers.ContentType?.MediaType));
            Assert.NotEmpty(await file.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_browser_that_has_the_page_gets_304_for_its_entity_tag()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient();
        using var first = await client.GetAsync(new Uri("/dashboard/dashboard.js", UriKind.Relative));
        Assert.NotNull(first.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);
        using var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(new CacheControlHeaderValue { NoCache = true }, first.Headers.CacheControl);
    }

    [GeneratedRegex("(?:src|href)=\"(?<path>[^\"]+)\"")]
    private static partial Regex Linked();
}
