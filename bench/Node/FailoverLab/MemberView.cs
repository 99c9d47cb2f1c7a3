namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>What one member answered about itself: whether it leads, whom it follows, and its term.</summary>
/// <param name="Id">The member's own id (DuckDuckGoose: its node id; etcd: its member id in hex).</param>
/// <param name="IsLeader">DuckDuckGoose: role Goose (leader with a lease); etcd: it is its own leader.</param>
/// <param name="LeaderId">The leader as the member knows it, or null.</param>
/// <param name="Term">The member's term.</param>
internal sealed record MemberView(string Id, bool IsLeader, string? LeaderId, long Term);
