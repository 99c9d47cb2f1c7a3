using System.Text.Json.Serialization;

namespace DuckDuckGoose.Contracts;

/// <summary>
/// The committed prefix of the log folded into one value: the last index and term it covers and the
/// configuration in force at that index (Raft §7, which is tiny here because the log holds only
/// membership).
/// </summary>
/// <param name="Index">Last log index covered.</param>
/// <param name="Term">Term of the entry at <paramref name="Index"/>.</param>
/// <param name="Members">Configuration in force at <paramref name="Index"/>, voters and non-voters.</param>
/// <param name="Voters">The voter target in force at <paramref name="Index"/> (see <see cref="LogEntry.Voters"/>); null: <see cref="VoterTarget.Default"/>.</param>
public sealed record Snapshot(
    long Index,
    long Term,
    IReadOnlyList<Member> Members,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Voters = null);
