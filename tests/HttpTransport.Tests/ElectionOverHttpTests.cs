using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// A real <see cref="Core.ElectionCore"/> campaigning through the real <see cref="HttpTransport"/> against four
/// WireMock.Net peers (a five-node cluster: three votes, its own included, are a majority).
/// </summary>
public sealed class ElectionOverHttpTests : IDisposable
{
    private const int Seed = 20_240_601;

    /// <summary>
    /// Each round with a peer that never answers costs this much real time (the loop awaits its sends), so it
    /// is short; but healthy peers must answer well within it even on a loaded machine, or a granted vote
    /// would count as lost. The core's own timing is in ticks, not this.
    /// </summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(400);

    private static readonly Member Self = new("n0", "http://127.0.0.1:1");

    private readonly List<FakePeer> _peers = [];
    private readonly HttpTransport _transport = new(new TransportSetup(Self, RequestTimeout), NullLogger<HttpTransport>.Instance);

    public void Dispose()
    {
        _transport.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _peers.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task Two_of_four_peers_granting_make_a_majority_and_the_candidate_becomes_Goose_Raft_5_2()
    {
        var loop = Cluster(Voters.Granting, Voters.Granting, Voters.Denying, Voters.Denying);

        Assert.True(
            await loop.RunUntilAsync(l => l.IsGoose, maxTicks: 4 * ElectionLoop.MaxElectionTimeoutTicks),
            $"never became Goose: {loop.Describe()}");

        Assert.Equal(Self, loop.Status.Leader);
        Assert.Equal(loop.Status.Term, loop.Persisted.Term);
        Assert.Equal(Self.Id, loop.Persisted.VotedFor);
        // It asked before it campaigned (thesis §9.6), then asked for real votes in the term it won.
        Assert.Contains(_peers[0].Received, m => m is VoteRequest { PreVote: true });
        Assert.Contains(_peers[0].Received, m => m is VoteRequest { PreVote: false } v && v.Term == loop.Status.Term);
        Assert.Contains(_peers[3].Received, m => m is AppendRequest a && a.Term == loop.Status.Term);
    }

    [Fact]
    public async Task One_of_four_peers_granting_is_no_majority_and_it_never_becomes_Goose_Raft_5_2()
    {
        var loop = Cluster(Voters.Granting, Voters.Denying, Voters.Denying, Voters.Denying);

        await loop.RunAsync(10 * ElectionLoop.MaxElectionTimeoutTicks);

        Assert.False(loop.WasEverLeader, $"became Leader with 2 of 5 votes: {loop.Describe()}");
        Assert.False(loop.WasEverGoose, loop.Describe());
        // It did keep trying: one election per timeout, so at least one per twice the minimum.
        var campaigns = _peers[0].Received.OfType<VoteRequest>().Count();
        Assert.True(campaigns >= 10, $"only {campaigns} vote requests in {loop.Ticks} ticks: {loop.Describe()}");
    }

    [Fact]
    public async Task Pre_votes_from_all_but_a_real_vote_from_one_peer_is_no_majority_Raft_5_2()
    {
        var loop = Cluster(Voters.Granting, Voters.PreVoteOnly, Voters.PreVoteOnly, Voters.PreVoteOnly);

        await loop.RunAsync(10 * ElectionLoop.MaxElectionTimeoutTicks);

        Assert.False(loop.WasEverLeader, $"became Leader with 2 of 5 real votes: {loop.Describe()}");
        Assert.Contains(_peers[1].Received, m => m is VoteRequest { PreVote: false });
    }

    [Fact]
    public async Task A_candidate_that_hears_of_a_higher_term_returns_to_Follower_in_that_term_Raft_5_1()
    {
        var loop = Cluster(id => Voters.InTerm(id, 100), Voters.Granting, Voters.Granting, Voters.Granting);

        Assert.True(
            await loop.RunUntilAsync(l => l.Status.Term >= 100, maxTicks: 4 * ElectionLoop.MaxElectionTimeoutTicks),
            $"never adopted term 100: {loop.Describe()}");

        Assert.Equal(NodeState.Follower, loop.Status.State);
        Assert.Equal(100, loop.Status.Term);
        Assert.Equal(100, loop.Persisted.Term);
        Assert.False(loop.WasEverLeader, $"led in a term below 100: {loop.Describe()}");

        // From term 100 it campaigns above it and wins with the three granting peers.
        Assert.True(
            await loop.RunUntilAsync(l => l.IsGoose, maxTicks: 4 * ElectionLoop.MaxElectionTimeoutTicks),
            $"never became Goose after adopting term 100: {loop.Describe()}");
        Assert.True(loop.Status.Term > 100, loop.Describe());
    }

    [Fact]
    public async Task A_Goose_whose_heartbeat_is_answered_with_a_higher_term_steps_down_to_Follower_Raft_5_1()
    {
        var loop = Cluster(Voters.Granting, Voters.Granting, Voters.Granting, Voters.Granting);
        Assert.True(
            await loop.RunUntilAsync(l => l.IsGoose, maxTicks: 4 * ElectionLoop.MaxElectionTimeoutTicks),
            $"never became Goose: {loop.Describe()}");
        var higher = loop.Status.Term + 10;

        _peers[2].AnswerWith(Voters.InTerm(_peers[2].Id, higher));

        Assert.True(
            await loop.RunUntilAsync(l => l.Status.State != NodeState.Leader, maxTicks: 2 * ElectionLoop.HeartbeatTicks),
            $"still Leader a heartbeat after a higher term came back: {loop.Describe()}");
        Assert.Equal(NodeState.Follower, loop.Status.State);
        Assert.Equal(higher, loop.Status.Term);
        Assert.Equal(higher, loop.Persisted.Term);
        Assert.False(loop.IsGoose, loop.Describe());
    }

    [Theory]
    [InlineData(Fault.Timeout, Fault.Status500)]
    [InlineData(Fault.Garbage, Fault.Timeout)]
    [InlineData(Fault.Status500, Fault.Garbage)]
    public async Task With_two_granting_peers_it_wins_and_keeps_its_lease_despite_faulty_peers(Fault third, Fault fourth)
    {
        var loop = Cluster(Voters.Granting, Voters.Granting, Voters.Denying, Voters.Denying);
        Break(_peers[2], third);
        Break(_peers[3], fourth);

        Assert.True(
            await loop.RunUntilAsync(l => l.IsGoose, maxTicks: 4 * ElectionLoop.MaxElectionTimeoutTicks),
            $"never became Goose with peers that {third} and {fourth}: {loop.Describe()}");

        // Check-quorum: heartbeats acknowledged by itself and the two healthy peers keep the lease going,
        // over two lease lengths, so it must have been renewed.
        var lost = new List<int>();
        await loop.RunAsync(2 * ElectionLoop.LeaseTicks, l =>
        {
            if (!l.IsGoose)
            {
                lost.Add(l.Ticks);
            }
        });
        Assert.True(lost.Count == 0, $"lost the lease at ticks {string.Join(", ", lost)}: {loop.Describe()}");
    }

    [Fact]
    public async Task Faulty_peers_count_as_no_vote_so_one_granting_peer_is_still_no_majority()
    {
        var loop = Cluster(Voters.Granting, Voters.Granting, Voters.Granting, Voters.Granting);
        Break(_peers[1], Fault.Timeout);
        Break(_peers[2], Fault.Status500);
        Break(_peers[3], Fault.Garbage);

        await loop.RunAsync(6 * ElectionLoop.MaxElectionTimeoutTicks);

        Assert.False(loop.WasEverLeader, $"became Leader with 2 of 5 votes: {loop.Describe()}");
        // WireMock logs a request once answered, so count at the peers that answer (the slow one never does).
        var campaigns = _peers[0].Received.OfType<VoteRequest>().Count();
        Assert.True(campaigns >= 6, $"only {campaigns} vote requests in {loop.Ticks} ticks: {loop.Describe()}");
        Assert.True(_peers[2].Requests.Count >= 6, $"the failing peer saw only {_peers[2].Requests.Count} requests: {loop.Describe()}");
    }

    public enum Fault
    {
        Timeout,
        Status500,
        Garbage,
    }

    private static void Break(FakePeer peer, Fault fault)
    {
        switch (fault)
        {
            case Fault.Timeout:
                peer.AnswerAfter(TimeSpan.FromSeconds(30), Voters.Granting(peer.Id));
                break;
            case Fault.Status500:
                peer.AnswerStatus(500);
                break;
            case Fault.Garbage:
                peer.AnswerBody("<html>definitely not a vote</html>");
                break;
        }
    }

    private ElectionLoop Cluster(params Func<string, Func<PeerMessage, PeerMessage>>[] behaviours)
    {
        foreach (var (behaviour, i) in behaviours.Select((b, i) => (b, i)))
        {
            var id = $"p{i + 1}";
            _peers.Add(FakePeer.Start(id, behaviour(id)));
        }

        return new ElectionLoop(Self, _peers.Select(p => p.Member), _transport, Seed);
    }
}
