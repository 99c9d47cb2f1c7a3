using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Leadership;

/// <summary>
/// This node's role for .NET code in the same process: inject it from the host's services. Modelled on
/// dotNext's <c>LeadershipToken</c>/<c>LeaderChanged</c> and Kubernetes leader election's
/// <c>OnStartedLeading</c>/<c>OnStoppedLeading</c>, with two differences: the token is cancelled by a
/// timer at the lease expiry, so it fires even while the node's loop is stalled (a GC pause, a stuck
/// disk) instead of when the stall ends; and no callback ever runs on the election's own thread.
/// </summary>
public interface INodeLeadership
{
    /// <summary>This node.</summary>
    Member Self { get; }

    /// <summary>The role right now, computed from the last published state and the monotonic clock (as <c>GET /status</c>).</summary>
    NodeRole Role { get; }

    /// <summary>The node's current Raft term.</summary>
    long Term { get; }

    /// <summary>The Goose as this node knows it right now, or null.</summary>
    Member? Goose { get; }

    /// <summary>
    /// Raised after each role change, in order and never concurrently, on a thread of its own (never the
    /// node's loop). A Goose tenure that ends and a later one that begins give Goose to Duck, then Duck to
    /// Goose; a tenure in a later term noticed without the Duck in between gives Goose to Goose.
    /// A handler that throws is logged and does not stop later events.
    /// </summary>
    event EventHandler<RoleChangedEventArgs>? RoleChanged;

    /// <summary>
    /// Completes with the current tenure when this node is the Goose, otherwise with the next one. The
    /// lease's token is cancelled the moment the tenure ends; run a singleton job under it and pass
    /// <see cref="GooseLease.Term"/> along as its fencing token.
    /// </summary>
    Task<GooseLease> WhenGooseAsync(CancellationToken cancellationToken);
}
