using DuckDuckGoose.TransportContract;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>Runs this project's transport contract suite alone, after its other tests (see <see cref="TransportContractCollection"/>).</summary>
[CollectionDefinition(TransportContractCollection.Name, DisableParallelization = true)]
public sealed class TransportContractCollectionDefinition;
