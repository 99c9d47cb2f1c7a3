using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>The transports and election timer this node's settings picked among the loaded plugins.</summary>
/// <param name="Transport">Every loaded transport behind one router; its name is the <c>transport</c> setting's.</param>
/// <param name="Timer">The election timer named by the <c>timer</c> setting.</param>
public sealed record NodePlugins(TransportRouter Transport, IElectionTimer Timer);
