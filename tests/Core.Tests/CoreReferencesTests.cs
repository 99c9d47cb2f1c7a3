namespace DuckDuckGoose.Core.Tests;

public sealed class CoreReferencesTests
{
    [Fact]
    public void The_core_references_only_the_contracts_and_the_base_library()
    {
        // The core does no I/O and serves no client: the admin client (and Refit behind it) and any package
        // would be a way in for both.
        var references = typeof(ElectionCore).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("DuckDuckGoose.Contracts", references);
        Assert.All(references, name => Assert.True(
            name is "DuckDuckGoose.Contracts" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal),
            $"the core references {name}"));
    }
}
