using System.Text.Json;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Tests.Inputs;

public sealed class PeerJunkTests
{
    // Junk must never be a message the node could take: whatever parses still names a cluster that is not the
    // node's (or an invalid one), so the node refuses it before any rule.
    [Fact]
    public void Whatever_parses_names_another_or_an_invalid_cluster()
    {
        var parsed = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var (body, how) = PeerJunk.Next(new Random(i));
            PeerMessage? message;
            try
            {
                message = JsonSerializer.Deserialize(body, PeerJsonContext.Default.PeerMessage);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                continue;
            }

            if (message is null)
            {
                continue;
            }

            parsed++;
            // A real cluster id is 32 hex digits; a fuzz-cluster- id, an odd string or an empty one is another
            // cluster's or invalid. Only a missing one would let a stranger's append through.
            Assert.True(
                message.Cluster is { } cluster && !(cluster.Length == 32 && cluster.All(char.IsAsciiHexDigitLower)),
                $"seed {i} ({how}) parses with cluster '{message.Cluster}'");
        }

        Assert.True(parsed > 100, $"only {parsed} of 5,000 parsed: the junk never reaches the node's validator");
    }

    [Fact]
    public void Raw_tokens_are_written_as_they_are()
    {
        var doc = new System.Text.Json.Nodes.JsonObject { ["term"] = JsonJunk.Raw("9223372036854775808"), ["x"] = "y" };

        Assert.Equal("{\"term\":9223372036854775808,\"x\":\"y\"}", JsonJunk.Render(doc));
    }

    [Fact]
    public void Deep_nesting_is_deeper_than_the_readers_limit()
    {
        var text = JsonJunk.DeepNesting(new Random(1), 65, 70);

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }
}
