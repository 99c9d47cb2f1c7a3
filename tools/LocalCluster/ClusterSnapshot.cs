using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.LocalCluster;

/// <summary>What every node of a <see cref="ProcessCluster"/> answered to <c>GET /status</c> at about the same moment.</summary>
/// <param name="Probes">One probe per node, dead nodes included.</param>
public sealed record ClusterSnapshot(IReadOnlyList<StatusProbe> Probes)
{
    /// <summary>The probes of nodes that answered.</summary>
    public IReadOnlyList<StatusProbe> Answered => Probes.Where(p => p.Status is not null).ToList();

    /// <summary>The probes of nodes that report themselves Goose.</summary>
    public IReadOnlyList<StatusProbe> Geese => Probes.Where(p => p.IsGoose).ToList();

    /// <summary>The probe of the node named <paramref name="name"/>.</summary>
    public StatusProbe this[string name] => Probes.Single(p => p.Node.Name == name);

    /// <summary>
    /// The Goose when the cluster is settled: every running node answered, exactly one reports Goose,
    /// every answering node names that node as its Goose, and each reports <paramref name="members"/> members,
    /// voters and non-voters together (when given); otherwise null.
    /// </summary>
    public StatusProbe? AgreedGoose(int? members = null)
    {
        if (Probes.Any(p => p.Node.IsRunning && p.Status is null) || Geese is not [var goose])
        {
            return null;
        }

        var agreed = Answered.All(p => p.Status!.Goose?.Id == goose.Status!.Id
                                       && (members is null || p.Status.MemberCount + p.Status.NonVoterCount == members));
        return agreed ? goose : null;
    }

    /// <summary>The label (such as <c>n2</c>) of the node a member's URL belongs to, or its id when not one of ours.</summary>
    public string NameOf(Member? member)
    {
        if (member is null)
        {
            return "none";
        }

        var node = Probes.FirstOrDefault(p => p.Status?.Id == member.Id)?.Node
                   ?? Probes.FirstOrDefault(p => SameUrl(p.Node.Url, member.Url))?.Node;
        return node?.Name ?? member.Id;
    }

    /// <summary>One line per node, for failure messages and logs.</summary>
    public string Describe() => string.Join("; ", Probes.Select(p => p.Describe(NameOf)));

    private static bool SameUrl(string ours, string theirs) =>
        Uri.TryCreate(theirs, UriKind.Absolute, out var uri) && new Uri(ours).Port == uri.Port
        && (uri.IsLoopback || uri.Host == "127.0.0.1");
}
