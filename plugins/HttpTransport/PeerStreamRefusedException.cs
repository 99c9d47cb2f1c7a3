namespace DuckDuckGoose.Transports;

/// <summary>A peer answered a stream upgrade with an HTTP status: it does not serve streams (an older node, a proxy), or not now (stopping).</summary>
internal sealed class PeerStreamRefusedException(string message) : Exception(message);
