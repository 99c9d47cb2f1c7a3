using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>A member of the cluster: its stable node id, its HTTP URL, where its peers reach it, and its election priority.</summary>
/// <param name="Id">The node id, generated once and kept in the node's data directory.</param>
/// <param name="Url">The node's HTTP base URL, such as <c>http://127.0.0.1:4001</c>: status, admin API, and the peer address unless <paramref name="Peer"/> names another.</param>
/// <param name="Peer">
/// The address peer messages reach it at when not <paramref name="Url"/>, such as <c>tcp://127.0.0.1:5001</c>
/// for the ZeroMQ transport; the address's scheme names the transport that reaches it. Null: <paramref name="Url"/>.
/// </param>
/// <param name="Priority">
/// Its election priority, 0 to 100 (the node's <c>priority</c> setting, recorded when it
/// joins or founds the cluster). Higher tends to win elections under the <c>priority</c> timer; 0 means the
/// node never stands for election (it still votes and counts for quorum). Null: <see cref="DefaultPriority"/>.
/// </param>
/// <param name="Voter">
/// False for a non-voting member (etcd's learner, kept for good): it follows the Goose and answers for itself,
/// but never votes, never stands and never counts for a quorum; the Goose promotes one to a voter when a seat is
/// free. Null or true: a voter.
/// </param>
public sealed record Member(
    string Id,
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Peer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Priority = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Voter = null)
{
    /// <summary>The priority of a member that names none.</summary>
    public const int DefaultPriority = 1;

    /// <summary>The highest priority a member may have.</summary>
    public const int MaxPriority = 100;

    /// <summary>The address peer messages go to: <see cref="Peer"/> when set, else <see cref="Url"/>.</summary>
    [JsonIgnore]
    public string PeerAddress => Peer ?? Url;

    /// <summary>The priority elections use: <see cref="Priority"/> when set, else <see cref="DefaultPriority"/>.</summary>
    [JsonIgnore]
    public int ElectionPriority => Priority ?? DefaultPriority;

    /// <summary>Whether this member votes and counts for quorum (<see cref="Voter"/> is not false).</summary>
    [JsonIgnore]
    public bool IsVoter => Voter != false;

    /// <summary>This member as a voter (<paramref name="voter"/> true) or a non-voter, written the way each is stored (a voter names no flag).</summary>
    public Member AsVoter(bool voter) => this with { Voter = voter ? null : false };

    /// <summary>
    /// False for a member with priority 0 (Patroni's <c>nofailover</c>) and for a non-voter: it never starts an
    /// election nor takes a hand-over.
    /// </summary>
    [JsonIgnore]
    public bool CanStand => IsVoter && ElectionPriority > 0;
}
