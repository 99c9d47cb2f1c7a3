using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DuckDuckGoose.Browser.Tests;

/// <summary>
/// Swagger UI (NSwag's, at <c>/swagger</c>) in one fresh browser context, driven the way a person would:
/// expand an operation, "Try it out", "Execute", read the response shown on the page, use the Authorize
/// dialog. Every step is a named phase of a <see cref="PageSession"/>, which reports a failed one with a screenshot.
/// </summary>
public sealed partial class SwaggerUiPage : IAsyncDisposable
{
    private readonly PageSession _session;
    private readonly IPage _page;

    private SwaggerUiPage(PageSession session)
    {
        _session = session;
        _page = session.Page;
    }

    /// <summary>
    /// Opens <c>{nodeUrl}/swagger</c> in a new context of <paramref name="browser"/> and waits until Swagger UI
    /// shows the document's tags. <paramref name="ignoreHttpsErrors"/>: accept a certificate from a CA the
    /// browser does not know, as a person accepts the warning for a cluster's own CA.
    /// </summary>
    public static async Task<SwaggerUiPage> OpenAsync(IBrowser browser, string nodeUrl, string testName, ITestOutputHelper output, bool ignoreHttpsErrors = false)
    {
        var session = await PageSession.OpenAsync(browser, testName, output, new ViewportSize { Width = 1280, Height = 1600 }, ignoreHttpsErrors);
        var page = session.Page;
        var ui = new SwaggerUiPage(session);
        await ui.StepAsync($"open {nodeUrl}/swagger and wait for Swagger UI to list the operations' tags", async () =>
        {
            var response = await page.GotoAsync(nodeUrl + "/swagger");
            Assert.True(response is { Ok: true }, $"GET {nodeUrl}/swagger answered {response?.Status} at {response?.Url}");
            // The redirect names the served document (?url=/swagger/v1/swagger.json), as the node serves the
            // committed one rather than a generator's.
            Assert.EndsWith("/swagger/index.html", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            // NSwag's Swagger UI starts with every tag collapsed (docExpansion "none").
            await page.Locator("h3.opblock-tag").First.WaitForAsync();
        });
        return ui;
    }

    /// <summary>The operation block of <paramref name="operationId"/> under <paramref name="tag"/> (Swagger UI's id <c>operations-{tag}-{operationId}</c>).</summary>
    public ILocator Operation(string tag, string operationId) => _page.Locator($"#operations-{tag}-{operationId}");

    /// <summary>Expands the operation's tag and the operation, and presses "Try it out".</summary>
    public Task TryItOutAsync(string tag, string operationId) =>
        StepAsync($"expand {tag}/{operationId} and press 'Try it out'", async () =>
        {
            var operation = Operation(tag, operationId);
            if (await operation.CountAsync() == 0)
            {
                await _page.Locator($"#operations-tag-{tag}").ClickAsync();
            }

            await operation.WaitForAsync();
            if (!await IsOpenAsync(operation))
            {
                await operation.Locator(".opblock-summary").First.ClickAsync();
            }

            await operation.Locator(".opblock-body").WaitForAsync();
            await operation.Locator("button.try-out__btn").ClickAsync();
            await operation.Locator("button.execute").WaitForAsync();
        });

    /// <summary>Replaces the request body shown for the operation (after "Try it out") with <paramref name="json"/>.</summary>
    public Task SetRequestBodyAsync(string tag, string operationId, string json) =>
        StepAsync($"type the request body {json} into {tag}/{operationId}", async () =>
        {
            var body = Operation(tag, operationId).Locator(".opblock-section-request-body textarea");
            await body.FillAsync(json);
            Assert.Equal(json, await body.InputValueAsync());
        });

    /// <summary>Presses "Execute" (clearing any earlier response first) and returns the status code and response body the page shows.</summary>
    public async Task<ShownResponse> ExecuteAsync(string tag, string operationId)
    {
        ShownResponse? shown = null;
        await StepAsync($"press 'Execute' on {tag}/{operationId} and wait for the response on the page", async () =>
        {
            var operation = Operation(tag, operationId);
            var live = operation.Locator(".live-responses-table");
            var clear = operation.Locator("button.btn-clear");
            if (await clear.CountAsync() > 0)
            {
                await clear.ClickAsync();
                await live.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            }

            await operation.Locator("button.execute").ClickAsync();
            var row = live.Locator("tbody tr.response").First;
            var status = row.Locator("td.response-col_status");
            var body = row.Locator("td.response-col_description .highlight-code pre");
            await status.WaitForAsync();
            // The body's text is filled in after the row appears (seen: an empty body read at first), so wait
            // for a whole JSON object: every response of this API is JSON (a status or a problem).
            await Assertions.Expect(body).ToHaveTextAsync(WholeJsonObject(), new LocatorAssertionsToHaveTextOptions { Timeout = (float)BrowserTimeouts.Page.TotalMilliseconds });
            var statusText = await status.InnerTextAsync();
            var code = LeadingNumber().Match(statusText);
            Assert.True(code.Success, $"the response's status cell shows no code: '{statusText}'");
            shown = new ShownResponse(int.Parse(code.Value, System.Globalization.CultureInfo.InvariantCulture), await body.InnerTextAsync());
        });
        return shown!;
    }

    /// <summary>Opens the Authorize dialog, enters <paramref name="token"/> for <paramref name="schemeName"/>, authorizes and closes it.</summary>
    public Task AuthorizeAsync(string schemeName, string token) =>
        StepAsync($"enter the admin token in the Authorize dialog for scheme {schemeName}", async () =>
        {
            await _page.Locator(".scheme-container button.authorize").ClickAsync();
            var dialog = _page.Locator(".dialog-ux .modal-ux");
            await dialog.WaitForAsync();
            // Each scheme has an .auth-container holding its form: name, value input, and the Authorize (submit)
            // or, once authorized, Logout button, and Close. The buttons' accessible names are aria-labels
            // ("Apply credentials"), so they are found by their visible text.
            var scheme = dialog.Locator(".auth-container").Filter(new LocatorFilterOptions { HasText = schemeName });
            await scheme.Locator("input").First.FillAsync(token);
            await Button(scheme, "Authorize").ClickAsync();
            // Once authorized the form offers Logout instead, and no longer shows the token.
            await Button(scheme, "Logout").WaitForAsync();
            await Button(scheme, "Close").ClickAsync();
            await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        });

    /// <summary>Runs <paramref name="action"/> as the named phase (<see cref="PageSession.StepAsync"/>).</summary>
    public Task StepAsync(string phase, Func<Task> action) => _session.StepAsync(phase, action);

    public async ValueTask DisposeAsync() => await _session.DisposeAsync();

    private static ILocator Button(ILocator scope, string text) =>
        scope.Locator("button").Filter(new LocatorFilterOptions { HasTextRegex = new Regex($"^\\s*{Regex.Escape(text)}\\s*$") });

    private static async Task<bool> IsOpenAsync(ILocator operation) =>
        (await operation.GetAttributeAsync("class"))?.Split(' ').Contains("is-open") == true;

    [GeneratedRegex(@"^\s*\d{3}")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"^\s*\{[\s\S]*\}\s*$")]
    private static partial Regex WholeJsonObject();
}
