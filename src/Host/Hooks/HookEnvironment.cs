using System.Globalization;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Hooks;

/// <summary>
/// The variables a hook receives. They share the <c>DUCK_</c> prefix with the node's settings, so the
/// host's settings reader ignores exactly these names: a hook that starts a node passes them on harmlessly.
/// </summary>
public static class HookEnvironment
{
    /// <summary>The role the hook is run for: <c>Goose</c> or <c>Duck</c>.</summary>
    public const string Role = "DUCK_ROLE";

    /// <summary>The role the hooks last succeeded for; empty on the first run after the node started.</summary>
    public const string PreviousRole = "DUCK_PREVIOUS_ROLE";

    /// <summary>The node's Raft term; for the Goose, the term of its tenure, which is the fencing token.</summary>
    public const string Term = "DUCK_TERM";

    /// <summary>This node's id.</summary>
    public const string NodeId = "DUCK_NODE_ID";

    /// <summary>This node's advertised URL.</summary>
    public const string NodeUrl = "DUCK_NODE_URL";

    /// <summary>The Goose's URL as this node knows it; empty when unknown.</summary>
    public const string GooseUrl = "DUCK_GOOSE_URL";

    /// <summary>The Goose's id as this node knows it; empty when unknown.</summary>
    public const string GooseId = "DUCK_GOOSE_ID";

    /// <summary>Which hook runs: <c>on-goose</c>, <c>on-duck</c> or <c>on-role-change</c> (one script can serve several).</summary>
    public const string Hook = "DUCK_HOOK";

    /// <summary>Every variable a hook receives.</summary>
    public static IReadOnlyList<string> Names { get; } = [Role, PreviousRole, Term, NodeId, NodeUrl, GooseUrl, GooseId, Hook];

    /// <summary>Whether <paramref name="name"/> is one of the hook variables (which are not node settings).</summary>
    public static bool IsHookVariable(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The variables for running <paramref name="hook"/> for <paramref name="role"/>.</summary>
    public static IReadOnlyDictionary<string, string> Create(string hook, NodeRole role, NodeRole? previousRole, long term, Member self, Member? goose)
    {
        ArgumentNullException.ThrowIfNull(self);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Hook] = hook,
            [Role] = role.ToString(),
            [PreviousRole] = previousRole?.ToString() ?? string.Empty,
            [Term] = term.ToString(CultureInfo.InvariantCulture),
            [NodeId] = self.Id,
            [NodeUrl] = self.Url,
            [GooseId] = goose?.Id ?? string.Empty,
            [GooseUrl] = goose?.Url ?? string.Empty,
        };
    }
}
