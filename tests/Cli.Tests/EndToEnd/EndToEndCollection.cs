namespace DuckDuckGoose.Cli.Tests.EndToEnd;

/// <summary>
/// Tests that run real node processes with 150 ms election timeouts: alone, after the in-process tests, so
/// on a 2-core machine nothing else competes with the nodes for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "duckctl against real nodes";
}
