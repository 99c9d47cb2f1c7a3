namespace DuckDuckGoose.Core;

/// <summary>Why the core refused a peer message without acting on it; nothing changed.</summary>
/// <param name="Reason">A stable name for counting: <see cref="ForeignCluster"/> or <see cref="NotAMember"/>.</param>
/// <param name="Detail">What was wrong, naming the sender and the values, for the sender's error and the log.</param>
public sealed record PeerRefusal(string Reason, string Detail)
{
    /// <summary>The message names a cluster id other than this node's.</summary>
    public const string ForeignCluster = "foreign-cluster";

    /// <summary>The sender is not in this node's configuration (nor the learner its Goose is catching up).</summary>
    public const string NotAMember = "not-a-member";
}
