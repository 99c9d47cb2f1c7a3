using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Leadership;

/// <summary>A change of this node's role, as raised by <see cref="INodeLeadership.RoleChanged"/>.</summary>
public sealed class RoleChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public RoleChangedEventArgs(NodeRole role, NodeRole previousRole, long term, Member? goose)
    {
        Role = role;
        PreviousRole = previousRole;
        Term = term;
        Goose = goose;
    }

    /// <summary>The new role.</summary>
    public NodeRole Role { get; }

    /// <summary>The role before the change (Goose to Goose means a new tenure in a later term).</summary>
    public NodeRole PreviousRole { get; }

    /// <summary>The node's term at the change; the tenure's term when <see cref="Role"/> is Goose.</summary>
    public long Term { get; }

    /// <summary>The Goose as this node knows it at the change (itself when it became the Goose), or null.</summary>
    public Member? Goose { get; }
}
