using Microsoft.Playwright;

namespace DuckDuckGoose.Browser.Tests;

/// <summary>
/// One headless Chromium for the whole collection: Debian's <c>chromium</c> package, driven by the Node
/// driver bundled in the Microsoft.Playwright package through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>.
/// Playwright's own browser downloads are never used. When Chromium is missing or will not start, every
/// test fails (never skips) with <see cref="LaunchFailure"/>, which says how to install it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Environment variable that points at another Chromium executable.</summary>
    public const string ExecutableVariable = "DDG_CHROMIUM";

    /// <summary>Where Debian's chromium package puts its launcher.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private const string InstallHint =
        "Install Debian's chromium package: `apt-get update && apt-get install -y --no-install-recommends chromium` "
        + "(as root, or with sudo; .ci/run does this before the tests), or set " + ExecutableVariable + " to a Chromium executable.";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The Chromium executable the tests drive.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } overridden ? overridden : DefaultExecutable;

    /// <summary>Why Chromium could not be started, with how to fix it; null once it runs.</summary>
    public string? LaunchFailure { get; private set; }

    /// <summary>The running browser; fails the calling test with <see cref="LaunchFailure"/> when there is none.</summary>
    public IBrowser Browser
    {
        get
        {
            if (_browser is null)
            {
                Assert.Fail(LaunchFailure ?? "Chromium was not started.");
            }

            return _browser;
        }
    }

    public async Task InitializeAsync()
    {
        var executable = Executable;
        if (!File.Exists(executable))
        {
            LaunchFailure = $"Chromium is not installed: {executable} does not exist. {InstallHint}";
            return;
        }

        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Timeout = (float)BrowserTimeouts.Launch.TotalMilliseconds,
            });
        }
        catch (PlaywrightException e)
        {
            LaunchFailure = $"Chromium at {executable} did not start under Playwright: {e.Message}\n{InstallHint}";
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
