using Refit;

namespace DuckDuckGoose.Contracts;

/// <summary>Typed client for a node's HTTP API, for scripts and tests (Refit).</summary>
public interface IDuckApi
{
    /// <summary><c>GET /status</c>: this node's view of the cluster.</summary>
    [Get("/status")]
    Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
