using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Fuzz.Checking;
using DuckDuckGoose.Fuzz.Forgery;
using DuckDuckGoose.Fuzz.Inputs;
using DuckDuckGoose.Fuzz.Sending;

namespace DuckDuckGoose.Fuzz.Tests.Checking;

public sealed class CheckingTests
{
    private static readonly ForgedMessage Forgery = new("stranger-vote", ForgeryGuard.Rules, new VoteRequest("s", 9, 0, 0, false));

    [Fact]
    public void A_2xx_or_a_ZeroMQ_reply_to_a_forgery_counts_as_accepted_and_a_refusal_does_not()
    {
        var tally = new FuzzTally();
        var http = new FuzzInput(1, FuzzCategory.ForgedHttp, 0, InputKind.Http, "stranger-vote") { Forgery = Forgery };
        var zmq = new FuzzInput(2, FuzzCategory.ForgedZeroMq, 0, InputKind.ZeroMqMessage, "stranger-vote") { Forgery = Forgery };

        tally.Add(http, Answer.Http(403));
        tally.Add(zmq, new Answer("zmq-failure"));
        tally.Add(http, Answer.Http(200));
        tally.Add(zmq, new Answer("zmq-reply"));

        Assert.Equal((4, 2), (tally.Forged, tally.Accepted));
        Assert.Equal(2, tally.Findings.Count);
    }

    [Fact]
    public void A_replay_whose_original_the_node_never_took_is_noted_but_not_counted_as_a_forgery()
    {
        var tally = new FuzzTally();
        var replay = new FuzzInput(1, FuzzCategory.ForgedZeroMq, 0, InputKind.ZeroMqMessage, "replay") { Forgery = Forgery with { Case = "replay" } };

        tally.Add(replay, new Answer(ForgeryDelivery.Inconclusive + "closed"));

        Assert.Equal((0, 0), (tally.Forged, tally.Accepted));
        Assert.Contains("inconclusive", Assert.Single(tally.Findings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_500_is_a_server_error_but_503_and_505_are_answers()
    {
        var tally = new FuzzTally();
        var input = new FuzzInput(1, FuzzCategory.AdminBody, 0, InputKind.Http, "x");

        tally.Add(input, Answer.Http(500));
        tally.Add(input, Answer.Http(503));
        tally.Add(input, Answer.Http(505));

        Assert.Equal(1, tally.ServerErrors);
        Assert.Equal(3, tally.Rows().Single().Classes["5xx"]);
    }

    [Fact]
    public void The_state_check_names_each_node_whose_term_goose_or_members_changed()
    {
        var member = new Member("a", "http://127.0.0.1:1");
        NodeStatus Status(long term, string goose) => new("a", member.Url, NodeRole.Duck, NodeState.Follower, term, member with { Id = goose }, 1, [member], null, "c");

        var before = ClusterState.Of([Status(3, "a"), Status(3, "a")]);
        var same = ClusterState.Of([Status(3, "a"), Status(3, "a")]);
        var after = ClusterState.Of([Status(3, "a"), Status(4, "b")]);

        Assert.Empty(before.Differences(same));
        Assert.Equal(["n2: term 3, goose a, members a -> term 4, goose b, members a"], before.Differences(after));
        Assert.Single(before.Differences(ClusterState.Of([Status(3, "a"), null])));
    }

    [Fact]
    public void A_report_passes_only_with_no_crash_no_500_no_accepted_forgery_and_no_change()
    {
        var tally = new FuzzTally();
        tally.Add(new FuzzInput(1, FuzzCategory.PeerJson, 0, InputKind.Http, "x"), Answer.Http(400));

        var passing = new FuzzReport(tally, 0, 1, [], TimeSpan.FromSeconds(1), [], []);
        var changed = passing with { StateDifferences = ["n1: changed"] };
        var crashed = passing with { Crashes = 1 };

        Assert.True(passing.Passed);
        Assert.False(changed.Passed);
        Assert.False(crashed.Passed);
        Assert.Contains("| verdict", passing.Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n", "4xx")]
    [InlineData("HTTP/1.1 505 HTTP Version Not Supported\r\n", "5xx")]
    [InlineData("", "closed")]
    [InlineData("\u00ff\0\0", "bytes")]
    public void A_raw_reply_is_classed_by_its_status_line(string reply, string expected)
    {
        Assert.Equal(expected, RawTcpSender.Classify(System.Text.Encoding.Latin1.GetBytes(reply)).Class);
    }
}
