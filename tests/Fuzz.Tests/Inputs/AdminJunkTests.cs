using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Tests.Inputs;

public sealed class AdminJunkTests
{
    private static readonly HttpEndpoint StepDown = new("POST", "/cluster/step-down", true, true, ["targetId"], []);
    private static readonly HttpEndpoint AddMember = new("POST", "/cluster/members", true, true, ["id", "url", "peer", "clusterId"], []);

    private static readonly JsonSerializerOptions Lenient = new(DuckApiJsonContext.Default.Options)
    {
        // As lenient as a reader could be: if even this refuses a body, the node's reader does too.
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    // The node's reader ignores unknown properties, so {"targetIe":7} would be a step-down with no target: a
    // guarded body must fail to read as the request type, whatever else it holds.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_body_sent_with_the_admin_token_never_reads_as_a_request(int which)
    {
        var endpoint = which == 0 ? StepDown : AddMember;
        for (var i = 0; i < 3_000; i++)
        {
            var (body, how) = AdminJunk.GuardedBody(new Random(i), endpoint);
            var read = Read(body, which);
            Assert.True(read is null, $"seed {i} ({how}) read as a request: {System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)])}");
        }
    }

    [Fact]
    public void A_wrong_authorization_is_never_the_right_one()
    {
        for (var i = 0; i < 1_000; i++)
        {
            Assert.NotEqual("Bearer admin-token-0123456789", AdminJunk.WrongAuthorization(new Random(i), "admin-token-0123456789"));
        }
    }

    private static object? Read(byte[] body, int which)
    {
        try
        {
            return which == 0
                ? JsonSerializer.Deserialize(body, Lenient.GetTypeInfo(typeof(StepDownRequest)))
                : JsonSerializer.Deserialize(body, Lenient.GetTypeInfo(typeof(AddMemberRequest))) is AddMemberRequest m && m.Id is not null && m.Url is not null ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
