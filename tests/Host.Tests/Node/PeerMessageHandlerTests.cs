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
        _handler = new PeerMessageHandler(_node);
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
    public async Task A_TimeoutNow_from_the_Goose_is_accepted_in_its_term_and_raises_no_term_before_the_pre_vote()
    {
        // Thesis §3.10 with §9.6: the target first asks a transfer pre-vote, so accepting changes no durable state.
        await _handler.HandleAsync(new AppendRequest("b", 1, 1, 1, 0, [new LogEntry(2, 1, null)], 1, null), Deadline());

        var reply = await _handler.HandleAsync(new TimeoutNowRequest("b", 1, 2), Deadline());

        Assert.Equal(new TimeoutNowResponse("a", 1, true, null), reply);
        Assert.Equal((1L, null), (_store.Saved.Last().Term, _store.Saved.Last().VotedFor));
        Assert.Equal((1L, NodeRole.Duck), (_node.GetStatus().Term, _node.GetStatus().Role));
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
    };
}
