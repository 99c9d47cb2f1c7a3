using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>The transport and election timer this node's settings picked among the loaded plugins.</summary>
/// <param name="Transport">The transport named by the <c>transport</c> setting.</param>
/// <param name="Timer">The election timer named by the <c>timer</c> setting.</param>
public sealed record NodePlugins(ITransport Transport, IElectionTimer Timer);
