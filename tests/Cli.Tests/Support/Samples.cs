using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests.Support;

/// <summary>Admin API answers for the fakes: three members, one of them the Goose.</summary>
public static class Samples
{
    public static Member Member(string id, string url) => new(id, url);

    public static NodeStatus Status(string id, string url, NodeRole role, long term, Member? goose, IReadOnlyList<Member> members) => new(
        id,
        url,
        role,
        role == NodeRole.Goose ? NodeState.Leader : NodeState.Follower,
        term,
        goose,
        members.Count,
        members,
        ClusterId: "c0ffee");

    public static ClusterView View(string nodeId, NodeRole role, long term, Member? goose, IReadOnlyList<Member> members, bool fromGoose) => new(
        nodeId,
        role,
        term,
        goose,
        [.. members.Select((m, i) => new ClusterMember(m.Id, m.Url, Voter: true, IsGoose: m.Id == goose?.Id, LastHeardMs: fromGoose ? 10 + i : null, MatchIndex: fromGoose ? 7 : null))],
        TransferTarget: null,
        ClusterId: "c0ffee",
        Voters: 3);
}
