namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>How a forged message is signed when it goes out (with a cluster secret; see Host.Security).</summary>
public enum ForgerySigning
{
    /// <summary>No <c>auth</c> at all.</summary>
    None,

    /// <summary>Signed with a secret the cluster does not hold.</summary>
    WrongSecret,

    /// <summary>Signed with the cluster's secret, as a real member: only replays and re-addressed messages use it.</summary>
    ClusterSecret,
}
