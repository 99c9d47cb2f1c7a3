using DuckDuckGoose.TransportContract;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>Runs this project's transport contract suite alone, after its other tests (see <see cref="TransportContractCollection"/>).</summary>
[CollectionDefinition(TransportContractCollection.Name, DisableParallelization = true)]
public sealed class TransportContractCollectionDefinition;
