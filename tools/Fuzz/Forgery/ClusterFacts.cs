namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>What a forger knows about the cluster it attacks, read once it is stable (from <c>GET /status</c> and <c>GET /cluster</c>).</summary>
/// <param name="ClusterId">The cluster's id.</param>
/// <param name="Term">The term every node agreed on.</param>
/// <param name="GooseId">The Goose's node id.</param>
/// <param name="MemberIds">The voters' node ids, in start order of the nodes.</param>
/// <param name="LastLogIndex">The highest log index the Goose reports stored by a member.</param>
public sealed record ClusterFacts(string ClusterId, long Term, string GooseId, IReadOnlyList<string> MemberIds, long LastLogIndex);
