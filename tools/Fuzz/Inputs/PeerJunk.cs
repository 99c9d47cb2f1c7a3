using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>
/// Malformed peer messages. Every base message comes from a sender outside the cluster and names another
/// cluster, and no mutation removes, nulls or replaces that cluster id with a valid one, so whatever the node
/// manages to parse it must refuse: junk can never be mistaken for a forgery that got through.
/// </summary>
public static class PeerJunk
{
    /// <summary>The property a mutation never makes valid and never removes.</summary>
    public const string ClusterProperty = "cluster";

    private static readonly string[] Discriminators = ["vote", "append", "timeout-now", "vote-response", "append-response", "timeout-now-response"];

    /// <summary>One malformed peer message body and the name of how it was broken.</summary>
    public static (byte[] Body, string How) Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var doc = BaseMessage(random);
        switch (random.Next(9))
        {
            case 0:
                return (JsonJunk.Broken(random, JsonJunk.Render(doc)), "broken-syntax");
            case 1:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    var key = MutableKey(random, doc);
                    doc[key] = JsonJunk.WrongValue(random, allowNull: true);
                }

                return (Utf8(JsonJunk.Render(doc)), "wrong-type-or-range");
            case 2:
                doc.Remove(MutableKey(random, doc));
                return (Utf8(JsonJunk.Render(doc)), "missing-property");
            case 3:
                return (Utf8(Discriminator(random, doc)), "bad-discriminator");
            case 4:
                if (random.Next(2) == 0)
                {
                    return (Utf8(JsonJunk.DeepNesting(random, 60, 5_000)), "deep-nesting");
                }

                doc[MutableKey(random, doc)] = JsonJunk.Raw(JsonJunk.DeepNesting(random, 60, 1_000));
                return (Utf8(JsonJunk.Render(doc)), "deep-nesting");
            case 5:
                doc[random.Next(3) == 0 ? "unknown" : MutableKey(random, doc)] = JsonJunk.HugeString(random, 1_000, 70_000);
                return (Utf8(JsonJunk.Render(doc)), "huge-string");
            case 6:
                return random.Next(2) == 0
                    ? (JsonJunk.RandomBytes(random, 0, 2_000), "random-bytes")
                    : (Utf8(JsonJunk.NotAnObject(random)), "not-an-object");
            case 7:
                doc[ClusterProperty] = random.Next(3) switch
                {
                    0 => "",
                    1 => new string('c', 65 + random.Next(1000)),
                    _ => JsonJunk.WrongValue(random, allowNull: false),
                };
                return (Utf8(JsonJunk.Render(doc)), "bad-cluster-id");
            default:
                return (Utf8(JsonJunk.Render(SemanticJunk(random))), "invalid-values");
        }
    }

    /// <summary>A valid peer message of a random kind from a stranger of another cluster.</summary>
    public static JsonObject BaseMessage(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var from = "fuzz-" + random.Next(100_000);
        var cluster = "fuzz-cluster-" + random.Next(100_000);
        var term = random.Next(0, 100);
        PeerMessage message = random.Next(6) switch
        {
            0 => new VoteRequest(from, term, random.Next(10), term, random.Next(2) == 0, random.Next(2) == 0),
            1 => new AppendRequest(from, term, random.Next(100), 1, term, [new LogEntry(2, term, null)], 1, null, random.Next(1000)),
            2 => new AppendRequest(from, term, 1, 0, 0, [], 0, new Snapshot(1, 1, [new Member("a", "http://127.0.0.1:1")]), 0),
            3 => new TimeoutNowRequest(from, term, random.Next(10)),
            4 => new VoteResponse(from, term, random.Next(2) == 0, random.Next(2) == 0),
            _ => new AppendResponse(from, term, random.Next(10), random.Next(2) == 0, random.Next(10)),
        };
        var doc = JsonNode.Parse(JsonSerializer.Serialize(message with { Cluster = cluster }, PeerJsonContext.Default.PeerMessage))!.AsObject();
        return doc;
    }

    /// <summary>A well-typed message whose values the validator must refuse: negative numbers, broken entries and snapshots.</summary>
    private static JsonObject SemanticJunk(Random random)
    {
        var doc = BaseMessage(random);
        switch (random.Next(6))
        {
            case 0:
                doc["term"] = -1 - random.Next(1000);
                break;
            case 1:
                doc["type"] = "append";
                doc["entries"] = new JsonArray(new JsonObject { ["index"] = 7, ["term"] = 0 }, null);
                break;
            case 2:
                doc["type"] = "append";
                doc["snapshot"] = new JsonObject { ["index"] = 0, ["term"] = -1, ["members"] = new JsonArray(new JsonObject { ["id"] = "", ["url"] = "" }) };
                break;
            case 3:
                doc["type"] = "append";
                doc["leaseMs"] = random.Next(2) == 0 ? -5 : 60_001 + random.Next(1_000_000);
                break;
            case 4:
                doc["from"] = random.Next(2) == 0 ? "" : "   ";
                break;
            default:
                doc["type"] = "append";
                var member = new JsonObject { ["id"] = "dup", ["url"] = "http://127.0.0.1:1" };
                doc["entries"] = new JsonArray(new JsonObject { ["index"] = 1, ["term"] = 0, ["members"] = new JsonArray(member, member.DeepClone()) });
                doc["prevLogIndex"] = 0;
                doc["prevLogTerm"] = 0;
                break;
        }

        return doc;
    }

    private static string Discriminator(Random random, JsonObject doc)
    {
        switch (random.Next(6))
        {
            case 0:
                doc["type"] = "fuzz-" + random.Next(1000);
                break;
            case 1:
                doc["type"] = Discriminators[random.Next(Discriminators.Length)].ToUpperInvariant();
                break;
            case 2:
                doc.Remove("type");
                break;
            case 3:
                doc["type"] = JsonJunk.WrongValue(random, allowNull: true);
                break;
            case 4:
                // A second type property, of another kind: first or last wins, either way the fields do not match.
                var text = JsonJunk.Render(doc);
                return text.TrimEnd('}') + ",\"type\":\"" + Discriminators[random.Next(Discriminators.Length)] + "\"}";
            default:
                // A reply sent as a request.
                doc["type"] = Discriminators[3 + random.Next(3)];
                break;
        }

        return JsonJunk.Render(doc);
    }

    private static string MutableKey(Random random, JsonObject doc)
    {
        var keys = doc.Select(p => p.Key).Where(k => k != ClusterProperty).ToList();
        return keys[random.Next(keys.Count)];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
