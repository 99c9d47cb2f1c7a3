namespace DuckDuckGoose.Browser.Tests;

/// <summary>The tests that share one headless Chromium (<see cref="ChromiumFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Chromium";
}
