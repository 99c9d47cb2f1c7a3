using System.Diagnostics;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.LocalCluster;

/// <summary>One attempt to read a node's <c>GET /status</c>.</summary>
/// <param name="Node">The node asked.</param>
/// <param name="Status">Its answer, or null when it is down or did not answer.</param>
/// <param name="Error">Why there is no answer, or null.</param>
/// <param name="AnsweredAt">When the answer (or the failure) arrived, in <see cref="Stopwatch.GetTimestamp"/> units.</param>
public sealed record StatusProbe(NodeProcess Node, NodeStatus? Status, string? Error, long AnsweredAt)
{
    /// <summary>Whether the node answered and reports itself Goose.</summary>
    public bool IsGoose => Status?.Role == NodeRole.Goose;

    /// <summary>Whether the node answered and reports itself Duck.</summary>
    public bool IsDuck => Status?.Role == NodeRole.Duck;

    /// <summary>A one-line description for live views and failure messages.</summary>
    public string Describe(Func<Member?, string>? nameOf = null)
    {
        if (Status is not { } s)
        {
            return $"{Node.Name}: {Error}";
        }

        var goose = nameOf is null ? s.Goose?.Id ?? "none" : nameOf(s.Goose);
        var members = s.NonVoterCount == 0 ? $"{s.MemberCount} members" : $"{s.MemberCount} voters and {s.NonVoterCount} non-voters";
        return $"{Node.Name}: {s.Role}{(s.Voter ? string.Empty : ", non-voter")} ({s.State}, term {s.Term}, goose {goose}, {members})";
    }
}
