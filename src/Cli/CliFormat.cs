using System.Globalization;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli;

/// <summary>How the human-readable answers spell members, roles, times and lists.</summary>
public static class CliFormat
{
    /// <summary>"id (url)", or "-" when there is none.</summary>
    public static string Member(Member? member) => member is null ? "-" : $"{member.Id} ({member.Url})";

    /// <summary>"a, b, c", or "none".</summary>
    public static string Ids(IEnumerable<Member> members) =>
        members.Select(m => m.Id).ToList() is { Count: > 0 } ids ? string.Join(", ", ids) : "none";

    /// <summary>"yes" or "no".</summary>
    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>"GOOSE" in capitals, so it stands out in a column of Ducks.</summary>
    public static string Role(NodeRole role) => role == NodeRole.Goose ? "GOOSE" : "Duck";

    /// <summary>A number in the invariant culture.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with one decimal, such as "12.3 ms".</summary>
    public static string Milliseconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>A UTC time to the millisecond, as the nodes stamp their logs.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>"before → after", or just "after" when it did not change.</summary>
    public static string Change<T>(T before, T after) where T : struct, Enum =>
        EqualityComparer<T>.Default.Equals(before, after) ? after.ToString() : $"{before} → {after}";

    /// <summary>Writes "key  value" lines with the keys padded to one width.</summary>
    public static void Pairs(TextWriter writer, params (string Key, string Value)[] pairs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(pairs);
        var width = pairs.Max(p => p.Key.Length);
        foreach (var (key, value) in pairs)
        {
            writer.WriteLine($"{key.PadRight(width)}  {value}");
        }
    }

    /// <summary>A membership change in two lines: what the Goose said, and the voters after it.</summary>
    public static void MemberChange(TextWriter writer, MemberChange change)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(change);
        writer.WriteLine(change.Detail);
        Pairs(writer, ("member", Member(change.Member)), ("goose", Member(change.Goose)), ("voters", Ids(change.Members)));
    }
}
