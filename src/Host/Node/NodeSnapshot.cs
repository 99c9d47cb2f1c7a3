using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// What the node actor last published: the core's state after a step and the lease expiry on the
/// monotonic clock. Immutable, so readers need no lock; the role is decided when read.
/// </summary>
/// <param name="Status">The core's state after the last step carried out.</param>
/// <param name="LeaseExpiresAt">Monotonic timestamp the Goose lease runs out at (<see cref="long.MinValue"/> when not held).</param>
public sealed record NodeSnapshot(CoreStatus Status, long LeaseExpiresAt)
{
    /// <summary>
    /// Goose iff the core is Leader and the lease holds at <paramref name="now"/>: a Goose whose actor is
    /// stalled (disk stall, GC pause, SIGSTOP) stops claiming the role on its own once the lease runs out
    /// (Raft thesis §6.4.1; etcd issue 13527 had two leaders for want of this).
    /// </summary>
    public NodeRole RoleAt(long now) =>
        Status.State == NodeState.Leader && now < LeaseExpiresAt ? NodeRole.Goose : NodeRole.Duck;
}
