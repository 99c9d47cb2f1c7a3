namespace DuckDuckGoose.Host.Node;

/// <summary>An inbound peer message is not one this node takes; nothing was changed.</summary>
public sealed class PeerMessageRejectedException : Exception
{
    /// <summary>A malformed message (a value out of range, a reply sent as a request).</summary>
    public const string Malformed = "malformed";

    /// <summary>A message the node could not take because of a bug; the node logged it and carried on.</summary>
    public const string Fault = "fault";

    /// <summary>A message without a tag that verifies with this node's cluster secret, re-addressed, stale or replayed.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Creates the exception for a malformed message.</summary>
    public PeerMessageRejectedException(string message)
        : this(message, Malformed)
    {
    }

    /// <summary>Creates the exception with the reason it is counted under (see <see cref="Reason"/>).</summary>
    public PeerMessageRejectedException(string message, string reason)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>
    /// Why: <see cref="Malformed"/>, <see cref="Fault"/>, or one of the election core's refusals
    /// (<c>foreign-cluster</c>, <c>not-a-member</c>), or <see cref="Unauthenticated"/>, which say the sender is not of this cluster.
    /// </summary>
    public string Reason { get; }

    /// <summary>Whether the sender was refused for who it is rather than for what it sent.</summary>
    public bool IsRefusedSender => Reason is Core.PeerRefusal.ForeignCluster or Core.PeerRefusal.NotAMember or Unauthenticated;
}
