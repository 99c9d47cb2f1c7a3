using DuckDuckGoose.Client;

namespace DuckDuckGoose.Fuzz.Checking;

/// <summary>The part of a cluster's state no input may change: every node's term, its Goose and its members.</summary>
/// <param name="Nodes">Per node (in start order): term, Goose id and sorted member ids, or null when it did not answer.</param>
public sealed record ClusterState(IReadOnlyList<ClusterState.NodeView?> Nodes)
{
    /// <summary>The state read from <paramref name="statuses"/> (null for a node that did not answer).</summary>
    public static ClusterState Of(IEnumerable<NodeStatus?> statuses) =>
        new([.. statuses.Select(s => s is null ? null : new NodeView(s.Term, s.Goose?.Id, string.Join(",", s.Members.Select(m => m.Id).Order(StringComparer.Ordinal))))]);

    /// <summary>How <paramref name="now"/> differs from this state, one line per difference; empty when unchanged.</summary>
    public IReadOnlyList<string> Differences(ClusterState now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(Nodes.Count, now.Nodes.Count); i++)
        {
            var before = i < Nodes.Count ? Nodes[i] : null;
            var after = i < now.Nodes.Count ? now.Nodes[i] : null;
            if (before != after)
            {
                differences.Add($"n{i + 1}: {Describe(before)} -> {Describe(after)}");
            }
        }

        return differences;
    }

    private static string Describe(NodeView? state) =>
        state is null ? "no answer" : $"term {state.Term}, goose {state.GooseId ?? "none"}, members {state.MemberIds}";

    /// <summary>One node's share.</summary>
    public sealed record NodeView(long Term, string? GooseId, string MemberIds);
}
