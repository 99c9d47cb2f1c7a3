using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Node;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class ConfigurationDiffTests
{
    private static readonly Member A = new("a", "http://a:1");
    private static readonly Member B = new("b", "http://b:1");
    private static readonly Member C = new("c", "http://c:1", Voter: false);

    [Fact]
    public void A_newcomer_is_named_with_its_url_and_a_non_voter_is_marked()
    {
        Assert.Equal("+b=http://b:1", ConfigurationDiff.Describe([A], [A, B]));
        Assert.Equal("+c=http://c:1 (non-voter)", ConfigurationDiff.Describe([A, B], [A, B, C]));
    }

    [Fact]
    public void A_member_gone_is_named_by_its_id_after_the_newcomers()
    {
        Assert.Equal("+c=http://c:1 (non-voter), -b", ConfigurationDiff.Describe([A, B], [A, C]));
    }

    [Fact]
    public void A_promotion_and_a_demotion_are_named_as_such()
    {
        Assert.Equal("b no longer votes, c now votes", ConfigurationDiff.Describe([A, B, C], [A, B.AsVoter(false), C.AsVoter(true)]));
    }

    [Fact]
    public void A_change_of_other_fields_only_says_so()
    {
        Assert.Equal("member details", ConfigurationDiff.Describe([A, B], [A, B with { Priority = 5 }]));
    }

    [Fact]
    public void The_line_for_a_hundred_members_joining_one_at_a_time_stays_one_member_long()
    {
        var before = Enumerable.Range(0, 100).Select(i => new Member($"n{i}", $"http://n{i}:1", Voter: i < 5 ? null : false)).ToList();
        var newcomer = new Member("n100", "http://n100:1", Voter: false);

        Assert.Equal("+n100=http://n100:1 (non-voter)", ConfigurationDiff.Describe(before, [.. before, newcomer]));
    }
}
