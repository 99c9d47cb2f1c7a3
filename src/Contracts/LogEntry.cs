using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// One entry of the replicated log. The log carries only what leader election needs: a no-op that a
/// new Goose commits in its own term, and membership configurations.
/// </summary>
/// <param name="Index">Position in the log, starting at 1.</param>
/// <param name="Term">Term of the Goose that created the entry.</param>
/// <param name="Members">The full new configuration for a membership entry, voters and non-voters; null for a no-op.</param>
/// <param name="Voters">
/// With <paramref name="Members"/>: how many voters the cluster keeps (the <c>voters</c> setting), which the
/// Goose's Autopilot holds it to. Null: <see cref="VoterTarget.Default"/>.
/// </param>
public sealed record LogEntry(
    long Index,
    long Term,
    IReadOnlyList<Member>? Members,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Voters = null);
