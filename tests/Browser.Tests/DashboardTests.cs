using System.Diagnostics;
using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DuckDuckGoose.Browser.Tests;

/// <summary>
/// The dashboard in a real browser on a 3-node cluster of real processes: it follows a <c>kill -9</c> of the
/// Goose, and its step-down and remove buttons ask for the admin token and take effect.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Environment variable naming a file for a screenshot of the page after the failover (the README's docs/dashboard.png).</summary>
    public const string ScreenshotVariable = "DDG_DASHBOARD_SCREENSHOT";

    private const string AdminToken = "dashboard-test-admin-token-0123456789";

    /// <summary>How soon after a survivor's own status says Goose the page must show it (issue 12).</summary>
    private static readonly TimeSpan ShowWithin = TimeSpan.FromSeconds(2);

    // As in SwaggerUiTests: Chromium keeps both cores busy, and a node stalled past a 150 ms election timeout's
    // lease rightly fences itself. A 1 s election timeout keeps the cluster steady; the figure measured here is
    // the page's lag behind the cluster, which does not depend on it.
    private readonly ProcessCluster _cluster = new(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings = { ["election-timeout-ms"] = "1000" },
        CommonEnvironment = { ["DUCK_ADMIN_TOKEN"] = AdminToken },
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_dashboard_on_a_Duck_shows_the_new_Goose_within_2_s_of_a_survivor_saying_so_after_kill_9_of_the_Goose()
    {
        var (goose, ids) = await StartAsync();
        var duck = _cluster.Nodes.First(n => n != goose);
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, duck.Url, nameof(A_dashboard_on_a_Duck_shows_the_new_Goose_within_2_s_of_a_survivor_saying_so_after_kill_9_of_the_Goose), output);
        await page.WaitForClusterAsync(ids.Values.ToList(), ids[goose]);

        var survivors = _cluster.Nodes.Where(n => n != goose).ToList();
        (NodeProcess Node, long At)? polled = null;
        (string Id, long At) shown = default;
        var killedAt = 0L;
        await page.StepAsync($"kill -9 the Goose {goose.Name} ({ids[goose]}) and wait for a survivor's /goose and the page to show a new Goose", async () =>
        {
            killedAt = Stopwatch.GetTimestamp();
            goose.Kill();
            var survivorSays = NewGoosePoll.FirstAsync(survivors, n => n.Api, BrowserTimeouts.Node, CancellationToken.None);
            var pageShows = page.WaitForNewGooseAsync(ids[goose], BrowserTimeouts.Node);
            polled = await survivorSays;
            shown = await pageShows;
        });

        Assert.True(polled is not null, $"No survivor answered /goose with 200 within {BrowserTimeouts.Node.TotalSeconds} s of the kill.\n{_cluster.DescribeLogs()}");
        var (winner, gooseAt) = polled.Value;
        var lag = Stopwatch.GetElapsedTime(gooseAt, shown.At);
        output.WriteLine(
            $"kill -9 -> survivor {winner.Name} answers /goose 200: {Stopwatch.GetElapsedTime(killedAt, gooseAt).TotalMilliseconds:0} ms; "
            + $"kill -9 -> page shows {shown.Id}: {Stopwatch.GetElapsedTime(killedAt, shown.At).TotalMilliseconds:0} ms; "
            + $"page behind the survivor's own status by {lag.TotalMilliseconds:0} ms (bound {ShowWithin.TotalMilliseconds:0} ms)");
        Assert.Equal(ids[winner], shown.Id);
        Assert.True(lag <= ShowWithin, $"The page showed the new Goose {shown.Id} {lag.TotalMilliseconds:0} ms after {winner.Name}'s /goose said so; the bound is {ShowWithin.TotalMilliseconds:0} ms.");

        await page.StepAsync($"check the rows: {ids[winner]} is the Goose, the killed {ids[goose]} has no live feed, and the timeline shows {ids[winner]} becoming Goose", async () =>
        {
            await Assertions.Expect(page.Member(ids[winner])).ToHaveAttributeAsync("data-role", "Goose");
            await Assertions.Expect(page.Member(ids[goose]).Locator("td.down")).ToHaveCountAsync(1);
            await Assertions.Expect(page.BecameGoose(ids[winner]).First).ToBeVisibleAsync();

            // Last heard comes from the new Goose's own stream: once it reports its followers, so does the page.
            var other = ids[survivors.Single(n => n != winner)];
            await Assertions.Expect(page.Member(other).Locator("td").Nth(6)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ ms ago$"));
        });

        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } screenshot)
        {
            var path = Path.GetFullPath(screenshot, HostLocation.RepoRoot);
            await page.ScreenshotAsync(path);
            output.WriteLine($"screenshot: {path}");
        }

        Assert.DoesNotContain(page.ConsoleErrors, e => e.StartsWith("page error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Step_down_and_remove_from_the_dashboard_ask_for_the_admin_token_refuse_a_wrong_one_and_take_effect()
    {
        var (goose, ids) = await StartAsync();
        var duck = _cluster.Nodes.First(n => n != goose);
        var target = _cluster.Nodes.Single(n => n != goose && n != duck);
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, duck.Url, nameof(Step_down_and_remove_from_the_dashboard_ask_for_the_admin_token_refuse_a_wrong_one_and_take_effect), output);
        await page.WaitForClusterAsync(ids.Values.ToList(), ids[goose]);

        await page.StepAsync($"step down to {ids[target]} with a wrong token: the dialog asks, the node answers 401, the Goose stays", async () =>
        {
            await page.ChooseStepDownTargetAsync(ids[target]);
            var purpose = await page.PressAndExpectTokenDialogAsync(page.StepDownButton);
            Assert.Contains(ids[target], purpose, StringComparison.Ordinal);
            var (kind, text) = await page.SendTokenAsync("not-the-admin-token-0123456789");
            Assert.True(kind == "error" && text.StartsWith("401 Admin token required", StringComparison.Ordinal), $"expected the 401 problem, the page shows {kind}: {text}");
            var status = await goose.Api.GetStatusAsync();
            Assert.True(status.Role == NodeRole.Goose, $"a refused step-down must leave {goose.Name} the Goose; it reports {status.Role}");
        });

        await page.StepAsync($"step down to {ids[target]} again: the dialog asks again and the right token hands over", async () =>
        {
            await page.PressAndExpectTokenDialogAsync(page.StepDownButton);
            Assert.Equal(string.Empty, await page.TokenDialog.Locator("#token").InputValueAsync());
            var (kind, text) = await page.SendTokenAsync(AdminToken);
            Assert.True(kind == "ok" && text.Contains($"handed over to {ids[target]}", StringComparison.Ordinal), $"expected the hand-over, the page shows {kind}: {text}");
            await Assertions.Expect(page.Goose).ToHaveAttributeAsync("data-goose", ids[target]);
            await Assertions.Expect(page.BecameGoose(ids[target]).First).ToBeVisibleAsync();
            var status = await target.Api.GetStatusAsync();
            Assert.True(status.Role == NodeRole.Goose, $"after the hand-over {target.Name} must be the Goose; it reports {status.Role}");
        });

        await page.StepAsync($"remove the old Goose {ids[goose]}: the dialog asks, offering the token that worked, and the row goes", async () =>
        {
            await page.PressAndExpectTokenDialogAsync(page.RemoveButton(ids[goose]));
            Assert.Equal(AdminToken, await page.TokenDialog.Locator("#token").InputValueAsync());
            var (kind, text) = await page.SendTokenAsync(AdminToken);
            Assert.True(kind == "ok", $"expected the removal, the page shows {kind}: {text}");
            await Assertions.Expect(page.Members).ToHaveCountAsync(2);
            await Assertions.Expect(page.Member(ids[goose])).ToHaveCountAsync(0);
            var cluster = await target.Api.GetClusterAsync();
            Assert.DoesNotContain(cluster.Members, m => m.Id == ids[goose]);
        });

        Assert.DoesNotContain(page.ConsoleErrors, e => e.StartsWith("page error:", StringComparison.Ordinal));
    }

    /// <summary>Starts 3 nodes and waits for a Goose that holds for 2 s; returns it and every node's id.</summary>
    private async Task<(NodeProcess Goose, Dictionary<NodeProcess, string> Ids)> StartAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, BrowserTimeouts.Node, CancellationToken.None);
        var goose = await _cluster.WaitForStableGooseAsync("3 nodes agree on one Goose for 2 s", 3, TimeSpan.FromSeconds(2), BrowserTimeouts.Node, CancellationToken.None);
        var snapshot = await _cluster.ObserveAsync(CancellationToken.None);
        var ids = snapshot.Probes.ToDictionary(p => p.Node, p => p.Status?.Id ?? throw new InvalidOperationException($"{p.Node.Name} did not answer: {p.Error}"));
        output.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalMilliseconds,7:0} ms  3 nodes started, Goose {goose.Node.Name} ({ids[goose.Node]})");
        return (goose.Node, ids);
    }
}
