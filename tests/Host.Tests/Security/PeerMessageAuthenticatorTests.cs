using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Security;

public sealed class PeerMessageAuthenticatorTests
{
    private const string Old = "the-old-cluster-secret-32-bytes-or-more";
    private const string New = "the-new-cluster-secret-32-bytes-or-more";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    private static VoteRequest Vote(string from = "a", long term = 7) => new(from, term, 3, 2, false, false) { Cluster = "c1" };

    private PeerMessageAuthenticator Node(string self, string secrets = Old) => new(ClusterSecrets.Parse(secrets), self, _time);

    [Fact]
    public void A_signed_message_verifies_at_its_receiver_and_comes_back_without_its_auth()
    {
        var a = Node("a");
        var b = Node("b");

        var signed = a.Sign(Vote(), "b");
        var taken = b.Verify(signed);

        Assert.Equal(Vote(), taken);
        Assert.Null(taken.Auth);
        Assert.Equal(("b", a.Epoch, 1L), (signed.Auth!.To, signed.Auth.Epoch, signed.Auth.Seq));
    }

    [Fact]
    public void A_message_survives_the_wire_and_still_verifies()
    {
        var signed = Node("a").Sign(new AppendRequest("a", 2, 4, 1, 3, [new LogEntry(5, 2, [new Member("a", "http://a"), new Member("b", "http://b", "tcp://b:5", 3)])], 9, null) { Cluster = "c1", LeaseMs = 132 }, "b");
        var json = System.Text.Json.JsonSerializer.Serialize(signed, PeerJsonContext.Default.PeerMessage);
        var received = System.Text.Json.JsonSerializer.Deserialize(json, PeerJsonContext.Default.PeerMessage)!;

        Assert.IsType<AppendRequest>(Node("b").Verify(received));
    }

    [Fact]
    public void A_message_without_a_tag_is_refused_saying_the_sender_holds_no_secret()
    {
        var error = Assert.Throws<PeerAuthenticationException>(() => Node("b").Verify(Vote()));

        Assert.Contains("carries no tag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_signed_with_another_secret_is_refused()
    {
        var signed = Node("a", New).Sign(Vote(), "b");

        var error = Assert.Throws<PeerAuthenticationException>(() => Node("b", Old).Verify(signed));
        Assert.Contains("no tag that verifies", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Changes() => new() { "term", "from", "cluster", "to", "ts", "seq", "epoch", "tag" };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_message_changed_after_signing_is_refused(string change)
    {
        var signed = (VoteRequest)Node("a").Sign(Vote(), "b");
        var auth = signed.Auth!;
        PeerMessage changed = change switch
        {
            "term" => signed with { Term = 8 },
            "from" => signed with { From = "c" },
            "cluster" => signed with { Cluster = "c2" },
            "to" => signed with { Auth = auth with { To = "c" } },
            "ts" => signed with { Auth = auth with { Ts = auth.Ts - 1 } },
            "seq" => signed with { Auth = auth with { Seq = auth.Seq + 1 } },
            "epoch" => signed with { Auth = auth with { Epoch = "0011223344556677" } },
            _ => signed with { Auth = auth with { Tags = [Convert.ToBase64String(new byte[32])] } },
        };

        Assert.Throws<PeerAuthenticationException>(() => Node(change == "to" ? "c" : "b").Verify(changed));
    }

    [Fact]
    public void A_replayed_message_is_refused_and_an_out_of_order_one_is_not()
    {
        var a = Node("a");
        var b = Node("b");
        var first = a.Sign(Vote(), "b");
        var second = a.Sign(Vote(), "b");

        b.Verify(second);
        b.Verify(first);
        var error = Assert.Throws<PeerAuthenticationException>(() => b.Verify(first));

        Assert.Contains("replayed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_re_addressed_to_another_node_is_refused()
    {
        var signed = Node("a").Sign(Vote(), "b");

        var error = Assert.Throws<PeerAuthenticationException>(() => Node("c").Verify(signed));

        Assert.Contains("re-addressed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_older_than_the_clock_skew_window_is_refused_even_when_never_seen()
    {
        var b = Node("b");
        _time.Advance(TimeSpan.FromMinutes(5));
        var signed = Node("a").Sign(Vote(), "b");
        _time.Advance(PeerMessageAuthenticator.MaxClockSkew + TimeSpan.FromMilliseconds(1));

        var error = Assert.Throws<PeerAuthenticationException>(() => b.Verify(signed));

        Assert.Contains("stale or replayed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_signed_before_the_receiver_started_is_refused_as_a_restart_forgets_what_it_saw()
    {
        var signed = Node("a").Sign(Vote(), "b");
        _time.Advance(TimeSpan.FromSeconds(1));
        var restarted = Node("b");

        var error = Assert.Throws<PeerAuthenticationException>(() => restarted.Verify(signed));

        Assert.Contains("before this node started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restarted_sender_starts_a_new_epoch_whose_numbers_are_new()
    {
        var b = Node("b");
        b.Verify(Node("a").Sign(Vote(), "b"));

        b.Verify(Node("a").Sign(Vote(), "b"));
    }

    [Fact]
    public void A_forgery_leaves_no_trace_in_the_replay_state()
    {
        var b = Node("b");
        var forged = Node("a", New).Sign(Vote(), "b");

        Assert.Throws<PeerAuthenticationException>(() => b.Verify(forged));

        Assert.Equal(0, b.TrackedSenders);
    }

    [Fact]
    public void Senders_not_heard_within_the_window_are_forgotten()
    {
        var b = Node("b");
        b.Verify(Node("a").Sign(Vote(), "b"));
        Assert.Equal(1, b.TrackedSenders);

        _time.Advance(PeerMessageAuthenticator.MaxClockSkew + TimeSpan.FromSeconds(2));
        b.Verify(Node("c").Sign(Vote("c"), "b"));

        Assert.Equal(1, b.TrackedSenders);
    }

    [Fact]
    public void During_a_rotation_every_pair_of_nodes_verifies_each_other()
    {
        // Phase 1: the new secret added node by node ([new, old] next to [old]); phase 2: the old one
        // removed node by node ([new] next to [new, old]). Every message carries a tag per secret held.
        var phases = new[] { (Old, New + "," + Old), (New, New + "," + Old) };
        foreach (var (one, other) in phases)
        {
            Node("b", one).Verify(Node("a", other).Sign(Vote(), "b"));
            Node("b", other).Verify(Node("a", one).Sign(Vote(), "b"));
        }
    }
}
