using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Watch;

/// <summary>One refresh of <c>duckctl watch</c>: the members from one node's <c>GET /cluster</c> and each member's own <c>GET /status</c>.</summary>
/// <param name="At">When the refresh started.</param>
/// <param name="Source">The URL whose <c>GET /cluster</c> listed the members (the Goose's when it answered); null when none answered.</param>
/// <param name="SourceRole">The role <paramref name="Source"/> answered in: Goose, unless no Goose could be asked (then no last-heard times).</param>
/// <param name="Goose">The Goose as <paramref name="Source"/> knew it.</param>
/// <param name="Term">The term of <paramref name="Source"/>.</param>
/// <param name="Voters">The cluster's voter target, as <paramref name="Source"/> knew it.</param>
/// <param name="Members">Every member, in the order of the configuration.</param>
/// <param name="Error">Why no member list could be read (every URL tried gave no answer); null otherwise.</param>
public sealed record WatchSnapshot(
    DateTimeOffset At,
    string? Source,
    NodeRole? SourceRole,
    Member? Goose,
    long? Term,
    int? Voters,
    IReadOnlyList<WatchRow> Members,
    string? Error);
