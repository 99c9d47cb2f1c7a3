using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>A message the core wants sent, and to whom.</summary>
public sealed record Envelope(Member To, RaftMessage Message);
