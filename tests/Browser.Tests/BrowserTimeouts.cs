namespace DuckDuckGoose.Browser.Tests;

/// <summary>Deadlines for the browser tests: generous, for a loaded 2-core machine.</summary>
internal static class BrowserTimeouts
{
    /// <summary>Starting Chromium.</summary>
    public static readonly TimeSpan Launch = TimeSpan.FromSeconds(60);

    /// <summary>A node starting and becoming Goose.</summary>
    public static readonly TimeSpan Node = TimeSpan.FromSeconds(30);

    /// <summary>One condition on the page (Swagger UI rendered, a response shown, a dialog opened).</summary>
    public static readonly TimeSpan Page = TimeSpan.FromSeconds(30);
}
