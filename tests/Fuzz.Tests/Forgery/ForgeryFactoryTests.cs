using System.Text.Json;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Fuzz.Forgery;

namespace DuckDuckGoose.Fuzz.Tests.Forgery;

public sealed class ForgeryFactoryTests
{
    private static readonly ClusterFacts Facts = new("c0ffee", 3, "m1", ["m1", "m2", "m3"], 4);
    private const string Secret = "the-fuzz-tests-cluster-secret-0123456789";

    [Fact]
    public void Every_case_makes_a_well_formed_request_for_the_target()
    {
        var factory = new ForgeryFactory(Facts);
        foreach (var name in ForgeryFactory.RuleCases.Concat(ForgeryFactory.SecretCases).Concat(ForgeryFactory.SignedCases))
        {
            var forged = factory.Create(name, "m2", new Random(1));

            Assert.IsAssignableFrom<RaftMessage>(forged.Message);
            Assert.False(string.IsNullOrWhiteSpace(forged.Message.From));
            Assert.True(((RaftMessage)forged.Message).Term >= Facts.Term, name);
        }
    }

    [Fact]
    public void Rule_cases_come_from_a_stranger_whose_log_is_behind_or_name_another_cluster()
    {
        var factory = new ForgeryFactory(Facts);
        for (var i = 0; i < 200; i++)
        {
            foreach (var name in ForgeryFactory.RuleCases)
            {
                var message = factory.Create(name, "m2", new Random(i)).Message;
                var foreign = message.Cluster is { } c && c != Facts.ClusterId;
                var stranger = !Facts.MemberIds.Contains(message.From);
                var behind = message is not VoteRequest vote || vote.LastLogTerm == 0;
                Assert.True(foreign || (stranger && behind && message is not AppendRequest), $"{name}: {message}");
            }
        }
    }

    [Fact]
    public void Replays_and_re_addressed_messages_are_a_members_harmless_pre_vote_signed_with_the_cluster_secret()
    {
        var factory = new ForgeryFactory(Facts);
        var replay = factory.Create("replay", "m2", new Random(3));
        var readdressed = factory.Create("re-addressed", "m2", new Random(3));

        foreach (var forged in new[] { replay, readdressed })
        {
            var vote = Assert.IsType<VoteRequest>(forged.Message);
            Assert.True(vote.PreVote);
            Assert.Equal(0, vote.LastLogTerm);
            Assert.Contains(vote.From, Facts.MemberIds);
            Assert.NotEqual("m2", vote.From);
            Assert.Equal(ForgerySigning.ClusterSecret, forged.Signing);
        }

        Assert.Equal("same", replay.FirstDelivery);
        Assert.NotNull(readdressed.SignFor);
        Assert.NotEqual("m2", readdressed.SignFor);
    }

    [Fact]
    public void The_signer_signs_for_the_named_node_with_the_secret_asked_for()
    {
        var signer = new ForgerySigner(Secret);
        var factory = new ForgeryFactory(Facts);

        var unsigned = Read(signer.Body(factory.Create("stranger-vote", "m2", new Random(1)), "m2"));
        var wrong = Read(signer.Body(factory.Create("wrong-secret", "m2", new Random(1)), "m2"));
        var readdressed = factory.Create("re-addressed", "m2", new Random(1));
        var signed = Read(signer.Body(readdressed, "m2"));

        Assert.Null(unsigned.Auth);
        Assert.Equal("m2", wrong.Auth?.To);
        Assert.Equal(readdressed.SignFor, signed.Auth?.To);
        Assert.NotEqual(wrong.Auth?.Tags, signed.Auth?.Tags);
    }

    [Fact]
    public void Without_a_secret_only_the_rule_cases_are_mixed_in()
    {
        var source = new ForgerySource(new ForgeryFactory(Facts), withSecret: false);
        var withSecret = new ForgerySource(new ForgeryFactory(Facts), withSecret: true);

        Assert.Equal(ForgeryFactory.RuleCases, source.Cases);
        Assert.Superset(ForgeryFactory.SignedCases.Concat(ForgeryFactory.SecretCases).ToHashSet(), withSecret.Cases.ToHashSet());
    }

    private static PeerMessage Read(byte[] body) => JsonSerializer.Deserialize(body, PeerJsonContext.Default.PeerMessage)!;
}
