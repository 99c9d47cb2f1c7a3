using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DuckDuckGoose.Browser.Tests;

/// <summary>
/// The dashboard (<c>/dashboard</c>) in one fresh browser context, read and worked through the elements a person
/// sees: the Goose in the summary, the member rows (each with its role and whether its feed is live), the
/// timeline, the step-down form, the remove buttons and the admin-token dialog. Every step is a named phase of
/// a <see cref="PageSession"/>.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly PageSession _session;
    private readonly IPage _page;

    private DashboardPage(PageSession session)
    {
        _session = session;
        _page = session.Page;
    }

    /// <summary>The Goose the summary shows (its <c>data-goose</c>), or empty when it shows none.</summary>
    public ILocator Goose => _page.Locator("#goose");

    /// <summary>The member rows.</summary>
    public ILocator Members => _page.Locator("#members tbody tr");

    /// <summary>The admin-token dialog.</summary>
    public ILocator TokenDialog => _page.Locator("#token-dialog");

    /// <summary>What the last change from the page answered.</summary>
    public ILocator ActionResult => _page.Locator("#action-result");

    /// <summary>Opens <c>{nodeUrl}/dashboard</c> in a new context of <paramref name="browser"/>.</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowser browser, string nodeUrl, string testName, ITestOutputHelper output)
    {
        var session = await PageSession.OpenAsync(browser, testName, output, new ViewportSize { Width = 1200, Height = 860 });
        var dashboard = new DashboardPage(session);
        await dashboard.StepAsync($"open {nodeUrl}/dashboard", async () =>
        {
            var response = await session.Page.GotoAsync(nodeUrl + "/dashboard");
            Assert.True(response is { Ok: true }, $"GET {nodeUrl}/dashboard answered {response?.Status}");
        });
        return dashboard;
    }

    /// <summary>The row of member <paramref name="id"/>.</summary>
    public ILocator Member(string id) => _page.Locator($"#members tbody tr[data-member='{id}']");

    /// <summary>Waits until the page lists exactly <paramref name="ids"/>, each with a live feed, and shows <paramref name="gooseId"/> as the Goose.</summary>
    public Task WaitForClusterAsync(IReadOnlyCollection<string> ids, string gooseId) =>
        StepAsync($"wait for the page to show members {string.Join(", ", ids)} live and {gooseId} as the Goose", async () =>
        {
            await _page.WaitForFunctionAsync(
                """
                ([ids, goose]) => {
                  const rows = [...document.querySelectorAll('#members tbody tr')];
                  return rows.length === ids.length
                    && rows.every(r => ids.includes(r.dataset.member) && r.querySelector('td.live'))
                    && document.getElementById('goose').dataset.goose === goose
                    && document.querySelector(`#members tbody tr[data-member='${goose}']`).dataset.role === 'Goose';
                }
                """,
                new object[] { ids.ToArray(), gooseId },
                new PageWaitForFunctionOptions { PollingInterval = 50 });
        });

    /// <summary>
    /// Waits, polling the page every 10 ms, until the summary shows a Goose other than <paramref name="oldGooseId"/>;
    /// returns it with the <see cref="Stopwatch"/> timestamp the test saw it at.
    /// </summary>
    public async Task<(string Id, long At)> WaitForNewGooseAsync(string oldGooseId, TimeSpan deadline)
    {
        var shown = await _page.WaitForFunctionAsync(
            "old => { const g = document.getElementById('goose').dataset.goose; return g && g !== old ? g : null; }",
            oldGooseId,
            new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = (float)deadline.TotalMilliseconds });
        var at = Stopwatch.GetTimestamp();
        return (await shown.JsonValueAsync<string>(), at);
    }

    /// <summary>Presses <paramref name="button"/> and waits for the admin-token dialog to ask; returns what the dialog says the token is for.</summary>
    public async Task<string> PressAndExpectTokenDialogAsync(ILocator button)
    {
        ArgumentNullException.ThrowIfNull(button);
        await button.ClickAsync();
        await Assertions.Expect(TokenDialog).ToBeVisibleAsync();
        return await _page.Locator("#token-purpose").InnerTextAsync();
    }

    /// <summary>Types <paramref name="token"/> into the open dialog, sends it, and waits for the page to show the answer; returns the answer's text and kind (<c>ok</c> or <c>error</c>).</summary>
    public async Task<(string Kind, string Text)> SendTokenAsync(string token)
    {
        await _page.Locator("#token").FillAsync(token);
        await _page.Locator("#token-send").ClickAsync();
        await Assertions.Expect(TokenDialog).ToBeHiddenAsync();
        await _page.WaitForFunctionAsync("() => ['ok', 'error'].includes(document.getElementById('action-result').className)");
        return (await ActionResult.GetAttributeAsync("class") ?? string.Empty, await ActionResult.InnerTextAsync());
    }

    /// <summary>Chooses <paramref name="targetId"/> in the step-down form.</summary>
    public Task ChooseStepDownTargetAsync(string targetId) => _page.Locator("#step-down-target").SelectOptionAsync(targetId);

    /// <summary>The step-down form's button.</summary>
    public ILocator StepDownButton => _page.Locator("#step-down-button");

    /// <summary>The remove button of member <paramref name="id"/>'s row.</summary>
    public ILocator RemoveButton(string id) => Member(id).Locator("button.remove");

    /// <summary>The timeline rows of <paramref name="memberId"/> becoming the Goose.</summary>
    public ILocator BecameGoose(string memberId) => _page.Locator($"#timeline tbody tr.became-goose[data-member='{memberId}']");

    /// <summary>Saves the page's content (its body, without the empty viewport below it) as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => _page.Locator("body").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });

    /// <summary>Console errors and warnings, and uncaught page errors, seen so far.</summary>
    public IReadOnlyList<string> ConsoleErrors => _session.ConsoleErrors;

    /// <summary>Runs <paramref name="action"/> as the named phase (<see cref="PageSession.StepAsync"/>).</summary>
    public Task StepAsync(string phase, Func<Task> action) => _session.StepAsync(phase, action);

    public async ValueTask DisposeAsync() => await _session.DisposeAsync();
}
