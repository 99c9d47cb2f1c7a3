using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// A configuration change in a few words for the log: who joined, who left, who gained or lost a vote. Every
/// member logs every change, and a line listing all members made a hundred-member cluster's formation write
/// each node's log a hundred times over, about 4 KB a line.
/// </summary>
internal static class ConfigurationDiff
{
    /// <summary>
    /// <c>+id=url</c> for each newcomer, <c>id now votes</c> / <c>id no longer votes</c>, <c>-id</c> for each
    /// member gone, in that order; "member details" when only other fields changed (a priority, a peer address).
    /// </summary>
    public static string Describe(IReadOnlyList<Member> before, IReadOnlyList<Member> after)
    {
        var was = before.ToDictionary(m => m.Id);
        var now = after.Select(m => m.Id).ToHashSet();
        var changes = after.Where(m => !was.ContainsKey(m.Id)).Select(m => "+" + Label(m))
            .Concat(after.Where(m => was.TryGetValue(m.Id, out var old) && old.IsVoter != m.IsVoter)
                .Select(m => $"{m.Id} {(m.IsVoter ? "now votes" : "no longer votes")}"))
            .Concat(before.Where(m => !now.Contains(m.Id)).Select(m => "-" + m.Id))
            .ToList();
        return changes.Count == 0 ? "member details" : string.Join(", ", changes);
    }

    /// <summary>One member as <c>id=url</c>, marked when it does not vote.</summary>
    public static string Label(Member member) => $"{member.Id}={member.Url}{(member.IsVoter ? "" : " (non-voter)")}";
}
