namespace DuckDuckGoose.TransportContract;

/// <summary>
/// The test collection a transport's <see cref="TransportContractSuite"/> runs in. Its memory check reads the
/// process-wide managed heap and its timeout checks read the wall clock, so the suite must not share the
/// process with other tests running at the same time: each test project that runs the suite defines this
/// collection with <c>DisableParallelization = true</c> (xunit runs such a collection alone, after the others).
/// </summary>
public static class TransportContractCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Transport contract, alone";
}
