using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class PeerMessageHandlerTests : IAsyncDisposable
{
    private static readonly Member A = new("a", "http://a");
    private static readonly Member B = new("b", "http://b");
    private static readonly Member C = new("c", "http://c");
    private static readonly Member D = new("d", "http://d");

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryTransport _transport = new InMemoryNetwork().CreateTransport(A.Url);
    private readonly MemoryStateStore _store = new();
    private readonly NodeActor _node;
    private readonly PeerMessageHandler _handler;

    public PeerMessageHandlerTests()
    {
        _node = new NodeActor(
            A,
            new CoreOptions("a", TimeSpan.FromMilliseconds(10), 5, 15),
            new DurableState(0, null, new Snapshot(1, 0, [A, B, C]), []),
            new FixedElectionTimer(10),
            _transport,
            _store,
            _time,
            NullLogger<NodeActor>.Instance);
        _node.Start();
        _handler = new PeerMessageHandler(_node, _transport, NullLogger<PeerMessageHandler>.Instance);
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    /// <summary>Makes this node a Duck following B in term 1.</summary>
    private async Task FollowBAsync()
    {
        var reply = await _handler.HandleAsync(new AppendRequest("b", 1, 1, 1, 0, [], 1, null), Deadline());
        Assert.True(Assert.IsType<AppendResponse>(reply).Success);
    }

    [Fact]
    public async Task A_raft_request_is_answered_by_the_core_after_its_state_is_saved()
    {
        var reply = await _handler.HandleAsync(new AppendRequest("b", 1, 1, 1, 0, [], 1, null), Deadline());

        var append = Assert.IsType<AppendResponse>(reply);
        Assert.Equal(("a", 1L, 1L, true), (append.From, append.Term, append.Round, append.Success));
        Assert.Equal(1, Assert.Single(_store.Saved).Term);
        Assert.Equal(B, _node.GetStatus().Goose);
    }

    [Fact]
    public async Task A_TimeoutNow_from_the_Goose_is_stepped_and_answered_after_the_new_term_is_saved()
    {
        await _handler.HandleAsync(new AppendRequest("b", 1, 1, 1, 0, [new LogEntry(2, 1, null)], 1, null), Deadline());

        var reply = await _handler.HandleAsync(new TimeoutNowRequest("b", 1, 2), Deadline());

        Assert.Equal(new TimeoutNowResponse("a", 2, true, null), reply);
        var saved = _store.Saved.Last();
        Assert.Equal((2L, "a"), (saved.Term, saved.VotedFor));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task A_reply_sent_as_a_request_is_rejected_and_changes_nothing(PeerMessage reply)
    {
        await Assert.ThrowsAsync<PeerMessageRejectedException>(() => _handler.HandleAsync(reply, Deadline()));

        Assert.Empty(_store.Saved);
        Assert.Equal(0, _node.GetStatus().Term);
    }

    public static TheoryData<PeerMessage> Replies() => new()
    {
        new VoteResponse("b", 5, true, false),
        new AppendResponse("b", 5, 1, true, 1),
        new TimeoutNowResponse("b", 5, false, "not following"),
        new JoinResponse("b", MembershipOutcome.Done, null, "done"),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_request_is_rejected_and_changes_nothing(PeerMessage message, string problem)
    {
        var error = await Assert.ThrowsAsync<PeerMessageRejectedException>(() => _handler.HandleAsync(message, Deadline()));

        Assert.Equal(problem, error.Message);
        Assert.Empty(_store.Saved);
    }

    public static TheoryData<PeerMessage, string> Malformed() => new()
    {
        { new VoteRequest("", 1, 1, 0, false), "'from' is empty." },
        { new VoteRequest("b", -1, 1, 0, false), "'term' is negative." },
        { new TimeoutNowRequest("b", -1, 1), "'term' is negative." },
        { new TimeoutNowRequest("b", 1, -1), "'lastLogIndex' must not be negative." },
        { new AppendRequest("b", 1, 1, -1, 0, [], 0, null), "'prevLogIndex', 'prevLogTerm' and 'commitIndex' must not be negative." },
        { new JoinRequest("d", new Member("d d", "http://d")), "'member' needs an id of A-Z a-z 0-9 . _ - and an absolute http(s) URL." },
        { new JoinRequest("d", new Member("d", "d:4001")), "'member' needs an id of A-Z a-z 0-9 . _ - and an absolute http(s) URL." },
    };

    [Fact]
    public async Task A_Duck_passes_a_join_on_to_the_Goose_once_and_returns_its_answer()
    {
        await FollowBAsync();
        _transport.Responder = (to, message) => to == B && message is JoinRequest
            ? new JoinResponse("b", MembershipOutcome.Done, B, "Committed.")
            : null;

        var reply = await _handler.HandleAsync(new JoinRequest("d", D), Deadline());

        Assert.Equal(new JoinResponse("b", MembershipOutcome.Done, B, "Committed."), reply);
        var (to, forwarded) = Assert.Single(_transport.Sent, s => s.Message is JoinRequest);
        Assert.Equal(B, to);
        Assert.Equal(new JoinRequest("a", D), forwarded);
    }

    [Fact]
    public async Task A_join_that_was_already_passed_on_is_answered_not_passed_again()
    {
        await FollowBAsync();

        var reply = await _handler.HandleAsync(new JoinRequest("c", D), Deadline());

        var response = Assert.IsType<JoinResponse>(reply);
        Assert.Equal((MembershipOutcome.NotGoose, B), (response.Outcome, response.Goose));
        Assert.DoesNotContain(_transport.Sent, s => s.Message is JoinRequest);
    }

    [Fact]
    public async Task When_the_Goose_cannot_be_reached_the_Duck_answers_with_the_redirect()
    {
        await FollowBAsync();
        _transport.Responder = (_, _) => null;

        var reply = await _handler.HandleAsync(new JoinRequest("d", D), Deadline());

        var response = Assert.IsType<JoinResponse>(reply);
        Assert.Equal(("a", MembershipOutcome.NotGoose, B), (response.From, response.Outcome, response.Goose));
    }

    [Fact]
    public async Task A_node_that_knows_no_Goose_says_so()
    {
        var reply = await _handler.HandleAsync(new JoinRequest("d", D), Deadline());

        var response = Assert.IsType<JoinResponse>(reply);
        Assert.Equal((MembershipOutcome.NotGoose, (Member?)null), (response.Outcome, response.Goose));
        Assert.Empty(_transport.Sent);
    }
}
