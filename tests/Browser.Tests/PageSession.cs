using System.Diagnostics;
using DuckDuckGoose.LocalCluster;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DuckDuckGoose.Browser.Tests;

/// <summary>
/// One page in a fresh browser context, worked in named phases: each phase's time goes to the test output, and
/// when one fails (a wait times out or an assertion fails) the page is saved as a screenshot under
/// <see cref="ArtifactsDirectory"/> and the failure message gives the phase, the screenshot's path, the
/// browser's console errors and the text on the page.
/// </summary>
public sealed class PageSession : IAsyncDisposable
{
    /// <summary>Environment variable that overrides <see cref="ArtifactsDirectory"/>.</summary>
    public const string ArtifactsVariable = "DDG_BROWSER_ARTIFACTS";

    private readonly IBrowserContext _context;
    private readonly string _testName;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _consoleErrors = [];

    private PageSession(IBrowserContext context, IPage page, string testName, ITestOutputHelper output)
    {
        _context = context;
        Page = page;
        _testName = testName;
        _output = output;
        Page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add($"{message.Type}: {message.Text}");
                }
            }
        };
        Page.PageError += (_, error) =>
        {
            lock (_consoleErrors)
            {
                _consoleErrors.Add($"page error: {error}");
            }
        };
    }

    /// <summary>Where failure screenshots go: the repository's TestResults/browser (the folder .ci/run collects), or <see cref="ArtifactsVariable"/>.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } overridden
            ? Path.GetFullPath(overridden)
            : Path.Combine(HostLocation.RepoRoot, "TestResults", "browser");

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Console errors and warnings, and uncaught page errors, seen so far.</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
            {
                return [.. _consoleErrors];
            }
        }
    }

    /// <summary>
    /// A new page in a new context of <paramref name="browser"/>, every wait bounded by <see cref="BrowserTimeouts.Page"/>.
    /// <paramref name="ignoreHttpsErrors"/>: accept a certificate from a CA the browser does not know, as a person
    /// accepts the warning for a cluster's own CA.
    /// </summary>
    public static async Task<PageSession> OpenAsync(IBrowser browser, string testName, ITestOutputHelper output, ViewportSize viewport, bool ignoreHttpsErrors = false)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            IgnoreHTTPSErrors = ignoreHttpsErrors,
        });
        context.SetDefaultTimeout((float)BrowserTimeouts.Page.TotalMilliseconds);
        return new PageSession(context, await context.NewPageAsync(), testName, output);
    }

    /// <summary>
    /// Runs <paramref name="action"/> as the named phase and writes how long it took to the test output; if
    /// it fails, saves a screenshot and rethrows as an assertion failure naming the phase, the screenshot,
    /// console errors and the text on the page.
    /// </summary>
    public async Task StepAsync(string phase, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await action();
            _output.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalMilliseconds,7:0} ms  {phase}");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or XunitException)
        {
            throw new XunitException(await DescribeFailureAsync(phase, e));
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private async Task<string> DescribeFailureAsync(string phase, Exception failure)
    {
        string screenshot;
        try
        {
            Directory.CreateDirectory(ArtifactsDirectory);
            var path = Path.Combine(ArtifactsDirectory, $"{_testName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 10_000 });
            screenshot = path;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            screenshot = $"(none: {e.Message})";
        }

        string text;
        try
        {
            text = await Page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            text = $"(unreadable: {e.Message})";
        }

        var errors = ConsoleErrors;
        var console = errors.Count == 0 ? "(none)" : string.Join("\n", errors);
        return $"Phase '{phase}' failed: {failure.Message}\nPage: {Page.Url}\nScreenshot: {screenshot}\n"
               + $"Browser console errors and warnings:\n{console}\nText on the page:\n{text}";
    }
}
