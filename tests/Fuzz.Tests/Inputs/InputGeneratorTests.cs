using DuckDuckGoose.Fuzz.Forgery;
using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Tests.Inputs;

public sealed class InputGeneratorTests
{
    private static readonly ClusterFacts Facts = new("c0ffee", 3, "m1", ["m1", "m2", "m3"], 4);

    private static readonly IReadOnlyList<HttpEndpoint> Endpoints =
    [
        new("GET", "/status", false, false, [], []),
        new("POST", "/cluster/members", true, true, ["id", "url", "peer", "clusterId"], []),
        new("DELETE", "/cluster/members/{id}", true, false, [], []),
        new("POST", "/cluster/step-down", true, true, ["targetId"], []),
        new("GET", "/events", false, false, [], ["limit"]),
    ];

    private static InputGenerator Generator(int seed, bool http = true, bool zeroMq = true, bool secret = false) =>
        new(seed, new InputPlan(3, Facts.MemberIds, Endpoints, "admin-token-0123456789", http, zeroMq, new ForgerySource(new ForgeryFactory(Facts), secret)));

    [Fact]
    public void The_same_seed_gives_the_same_inputs_and_another_seed_others()
    {
        static string Fingerprint(FuzzInput i) =>
            $"{i.Category} {i.Node} {i.Kind} {i.Description} {i.Method} {i.Path} {i.ContentType} {Convert.ToBase64String(i.Body ?? [])} "
            + string.Join('|', (i.Frames ?? []).Select(Convert.ToBase64String)) + " " + i.Forgery?.Message;

        var first = Enumerable.Range(0, 300).Select(i => Fingerprint(Generator(42).Next(i))).ToList();
        var again = Enumerable.Range(0, 300).Select(i => Fingerprint(Generator(42).Next(i))).ToList();
        var other = Enumerable.Range(0, 300).Select(i => Fingerprint(Generator(43).Next(i))).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Every_category_comes_up_and_a_transport_left_out_gets_nothing()
    {
        var both = Enumerable.Range(0, 2_000).Select(i => Generator(1).Next(i).Category).ToHashSet();
        var httpOnly = Enumerable.Range(0, 2_000).Select(i => Generator(1, zeroMq: false).Next(i)).ToList();

        Assert.Equal(Enum.GetValues<FuzzCategory>().ToHashSet(), both);
        Assert.DoesNotContain(httpOnly, i => i.Kind is InputKind.ZeroMqMessage or InputKind.RawZeroMq);
    }

    [Fact]
    public void A_random_is_fixed_by_seed_and_index_alone()
    {
        Assert.Equal(InputGenerator.RandomFor(5, 17).Next(), InputGenerator.RandomFor(5, 17).Next());
        Assert.NotEqual(InputGenerator.RandomFor(5, 17).Next(), InputGenerator.RandomFor(5, 18).Next());
    }

    [Fact]
    public void Admin_deletes_sent_with_the_token_never_name_a_member()
    {
        var deletes = Enumerable.Range(0, 5_000).Select(i => Generator(9).Next(i))
            .Where(i => i.Method == "DELETE" && i.Headers.Any(h => h.Value == "Bearer admin-token-0123456789"))
            .ToList();

        Assert.NotEmpty(deletes);
        Assert.All(deletes, d => Assert.DoesNotContain(Facts.MemberIds, id => d.Path.EndsWith("/" + id, StringComparison.Ordinal)));
    }

    [Fact]
    public void Forged_inputs_carry_their_forgery_and_junk_does_not()
    {
        var inputs = Enumerable.Range(0, 1_000).Select(i => Generator(2).Next(i)).ToList();

        Assert.All(inputs.Where(i => i.Category is FuzzCategory.ForgedHttp or FuzzCategory.ForgedZeroMq), i => Assert.NotNull(i.Forgery));
        Assert.All(inputs.Where(i => i.Category is not (FuzzCategory.ForgedHttp or FuzzCategory.ForgedZeroMq)), i => Assert.Null(i.Forgery));
    }
}
