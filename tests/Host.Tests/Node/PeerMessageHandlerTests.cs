using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Security;
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

        // A transport that reads JSON leniently (ZeroMQ) can hand over a null list; it threw NullReferenceException here.
        { new AppendRequest("b", 1, 1, 1, 0, null!, 0, null), "'entries' is missing." },
        { new VoteRequest(null!, 1, 1, 0, false), "'from' is empty." },
    };

    private const string Secret = "the-cluster-secret-of-32-bytes-or-more";

    private PeerMessageHandler Authenticating() =>
        new(_node, new PeerMessageAuthenticator(ClusterSecrets.Parse(Secret), "a", _time));

    private PeerMessage SignedBy(string from, PeerMessage message, string secret = Secret) =>
        new PeerMessageAuthenticator(ClusterSecrets.Parse(secret), from, _time).Sign(message, "a");

    [Fact]
    public async Task With_a_secret_a_signed_request_is_answered_with_a_reply_signed_for_its_sender()
    {
        var handler = Authenticating();

        var reply = await handler.HandleAsync(SignedBy("b", new AppendRequest("b", 1, 1, 1, 0, [], 1, null)), Deadline());

        Assert.True(Assert.IsType<AppendResponse>(reply).Success);
        var verified = new PeerMessageAuthenticator(ClusterSecrets.Parse(Secret), "b", _time).Verify(reply);
        Assert.Equal("a", verified.From);
        Assert.Equal(B, _node.GetStatus().Goose);
    }

    public static TheoryData<string> Forgeries() => new() { "unsigned", "other secret", "replayed", "for another node" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task With_a_secret_a_forged_vote_request_with_a_higher_term_is_refused_counted_and_changes_nothing(string forgery)
    {
        var handler = Authenticating();
        var vote = new VoteRequest("b", 9, 5, 5, false, false);
        var message = forgery switch
        {
            "unsigned" => vote,
            "other secret" => SignedBy("b", vote, "another-cluster-secret-of-32-bytes-or-more"),
            "for another node" => new PeerMessageAuthenticator(ClusterSecrets.Parse(Secret), "b", _time).Sign(vote, "c"),
            _ => SignedBy("b", vote with { Term = 0 }),
        };
        if (forgery == "replayed")
        {
            await handler.HandleAsync(message, Deadline());
        }

        var savedBefore = _store.Saved.Count;
        var error = await Assert.ThrowsAsync<PeerMessageRejectedException>(() => handler.HandleAsync(message, Deadline()));

        Assert.Equal(PeerMessageRejectedException.Unauthenticated, error.Reason);
        Assert.True(error.IsRefusedSender);
        Assert.Equal(savedBefore, _store.Saved.Count);
        Assert.Equal(0, _node.GetStatus().Term);
        Assert.Equal(1, _node.RefusedMessages[PeerMessageRejectedException.Unauthenticated]);
    }
}
