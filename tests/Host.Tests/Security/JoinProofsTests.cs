using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;

namespace DuckDuckGoose.Host.Tests.Security;

public sealed class JoinProofsTests
{
    private static readonly ClusterSecrets Ours = ClusterSecrets.Parse("our-cluster-secret-of-32-bytes-or-more");
    private static readonly ClusterSecrets Theirs = ClusterSecrets.Parse("their-cluster-secret-of-32-bytes-or-more");
    private static readonly Member Newcomer = new("d", "http://10.0.0.4:4001", "tcp://10.0.0.4:5001");

    [Fact]
    public void A_holder_of_the_secret_proves_it_for_its_own_id_and_addresses()
    {
        var challenge = JoinProofs.NewChallenge("a");

        Assert.True(JoinProofs.Verifies(Ours, challenge, JoinProofs.Answer(Ours, challenge, Newcomer), Newcomer));
    }

    [Fact]
    public void A_node_with_another_secret_does_not()
    {
        var challenge = JoinProofs.NewChallenge("a");

        Assert.False(JoinProofs.Verifies(Ours, challenge, JoinProofs.Answer(Theirs, challenge, Newcomer), Newcomer));
    }

    [Fact]
    public void A_proof_for_another_challenge_Goose_or_address_does_not_verify()
    {
        var challenge = JoinProofs.NewChallenge("a");
        var proof = JoinProofs.Answer(Ours, challenge, Newcomer);

        Assert.False(JoinProofs.Verifies(Ours, JoinProofs.NewChallenge("a"), proof, Newcomer));
        Assert.False(JoinProofs.Verifies(Ours, challenge with { Goose = "b" }, proof, Newcomer));

        // A relay at another address gets a real member's proof for the member's own address: refused.
        Assert.False(JoinProofs.Verifies(Ours, challenge, proof, Newcomer with { Url = "http://10.0.0.66:4001" }));
        Assert.False(JoinProofs.Verifies(Ours, challenge, proof with { Url = "http://10.0.0.66:4001" }, Newcomer with { Url = "http://10.0.0.66:4001" }));
        Assert.False(JoinProofs.Verifies(Ours, challenge, proof, Newcomer with { Peer = null }));
        Assert.False(JoinProofs.Verifies(Ours, challenge, null, Newcomer));
    }
}
