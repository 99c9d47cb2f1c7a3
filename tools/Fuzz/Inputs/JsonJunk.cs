using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>
/// Pure generators of malformed JSON, each drawing only from the <see cref="Random"/> it is given, so a seed
/// gives the same bytes on every machine.
/// </summary>
public static class JsonJunk
{
    /// <summary>Number tokens no reader of a 64-bit integer should take, written as they are.</summary>
    public static IReadOnlyList<string> BadNumbers { get; } =
    [
        "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "-1", "-9223372036854775808", "1.5", "-0", "1e-400",
        "99999999999999999999999999999999999999", "0x10", "NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1e", "2147483648",
    ];

    /// <summary>A placeholder a mutation leaves in a document where a raw token goes; see <see cref="Render"/>.</summary>
    private const string RawMark = "\u0001raw:";

    /// <summary>The document's text with every raw placeholder replaced by its token.</summary>
    public static string Render(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        // ToJsonString escapes \u0001 as \u0001 inside a string: "\u0001raw:TOKEN" -> TOKEN.
        var marker = "\"\\u0001raw:";
        var result = new StringBuilder(text.Length);
        var at = 0;
        while (text.IndexOf(marker, at, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = text.IndexOf('"', start + marker.Length);
            result.Append(text, at, start - at).Append(text, start + marker.Length, end - start - marker.Length);
            at = end + 1;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Whether <paramref name="text"/> is a raw placeholder made by <see cref="Raw"/>.</summary>
    public static bool IsRaw(string text) => text?.StartsWith(RawMark, StringComparison.Ordinal) == true;

    /// <summary>A raw token for <see cref="Render"/>, such as an out-of-range number.</summary>
    public static JsonNode Raw(string token) => JsonValue.Create(RawMark + token)!;

    /// <summary>A value of the wrong kind for any field: another type, an out-of-range number, a huge or odd string, or deep nesting.</summary>
    public static JsonNode? WrongValue(Random random, bool allowNull = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(allowNull ? 10 : 9) switch
        {
            0 => Raw(BadNumbers[random.Next(BadNumbers.Count)]),
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x")),
            3 => new JsonObject { ["type"] = "vote", ["from"] = 1 },
            4 => JsonValue.Create(OddString(random)),
            5 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
            6 => JsonValue.Create(HugeString(random, 1_000, 20_000)),
            7 => Raw(DeepNesting(random, 70, 300)),
            8 => JsonValue.Create(random.NextDouble() * 1e300),
            _ => null,
        };
    }

    /// <summary>A string of control characters, lone surrogates, nulls and right-to-left marks.</summary>
    public static string OddString(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string[] parts = ["\0", "\ud800", "\udfff", "\u202e", "\r\n", "\"", "\\", "../", "%00", "'; --", "<script>", "\uffff", "😀", "\t", " "];
        var text = new StringBuilder();
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            text.Append(parts[random.Next(parts.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A string of <paramref name="min"/> to <paramref name="max"/> characters.</summary>
    public static string HugeString(Random random, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(random);
        var length = random.Next(min, max + 1);
        var fill = (char)('a' + random.Next(26));
        return new string(fill, length);
    }

    /// <summary>Arrays or objects nested <paramref name="min"/> to <paramref name="max"/> deep (System.Text.Json stops at 64 by default).</summary>
    public static string DeepNesting(Random random, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(random);
        var depth = random.Next(min, max + 1);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    /// <summary>
    /// Valid JSON object text broken so that no reader can take it: cut short, the closing brace or the byte after
    /// the opening one changed, invalid UTF-8 in front, comments, single quotes, a trailing comma, two objects.
    /// Never inside a property name: a renamed property is skipped by the reader, so {"clu,ster":…} would drop
    /// the cluster id that keeps junk from being taken.
    /// </summary>
    public static byte[] Broken(Random random, string valid)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(valid);
        var bytes = Encoding.UTF8.GetBytes(valid);
        switch (random.Next(9))
        {
            case 0:
                return bytes[..random.Next(1, Math.Max(2, bytes.Length - 1))];
            case 1:
                bytes[^1] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 2:
                string[] junk = [",", "}", "]", ":", "\"", "{", "[", ",,", "\\", "\0"];
                return [.. bytes[..1], .. Encoding.UTF8.GetBytes(junk[random.Next(junk.Length)]), .. bytes[1..]];
            case 3:
                return Encoding.UTF8.GetBytes(valid + new string('}', random.Next(1, 4)));
            case 4:
                byte[] invalidUtf8 = [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80];
                return [.. invalidUtf8[..random.Next(1, invalidUtf8.Length + 1)], .. bytes];
            case 5:
                return Encoding.UTF8.GetBytes("/* comment */" + valid);
            case 6:
                return Encoding.UTF8.GetBytes(valid.Replace('"', '\''));
            case 7:
                return Encoding.UTF8.GetBytes(valid.TrimEnd('}') + ",}");
            default:
                return [.. bytes, .. bytes];
        }
    }

    /// <summary>Raw bytes, printable or not, <paramref name="min"/> to <paramref name="max"/> of them.</summary>
    public static byte[] RandomBytes(Random random, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[random.Next(min, max + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A JSON token that is not an object: a number, string, array, null, or nothing.</summary>
    public static string NotAnObject(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string[] choices = ["null", "[]", "\"vote\"", "42", "true", "", " ", "[{\"type\":\"vote\"}]", "{}", "{\"type\":null}"];
        return choices[random.Next(choices.Length)];
    }

    /// <summary>Formats a number for JSON text.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
