namespace DuckDuckGoose.Contracts;

/// <summary>What the host tells every transport about the node it serves.</summary>
/// <param name="Self">This node as its peers see it.</param>
/// <param name="RequestTimeout">How long a send may wait for its reply before it counts as lost.</param>
public sealed record TransportContext(Member Self, TimeSpan RequestTimeout);
