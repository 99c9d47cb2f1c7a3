using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>How a faked peer answers Raft requests. Every peer follows the Goose's heartbeats; they differ in votes.</summary>
internal static class Voters
{
    /// <summary>Grants pre-votes and votes (Raft §5.2, thesis §9.6).</summary>
    public static Func<PeerMessage, PeerMessage> Granting(string id) => Voter(id, grantPreVote: true, grantVote: true);

    /// <summary>Refuses pre-votes and votes (say, it heard from a live Goose or voted for someone else).</summary>
    public static Func<PeerMessage, PeerMessage> Denying(string id) => Voter(id, grantPreVote: false, grantVote: false);

    /// <summary>Grants the pre-vote but not the vote that follows (it voted for another candidate meanwhile).</summary>
    public static Func<PeerMessage, PeerMessage> PreVoteOnly(string id) => Voter(id, grantPreVote: true, grantVote: false);

    /// <summary>A peer already in <paramref name="term"/>: it refuses everything and says so (Raft §5.1).</summary>
    public static Func<PeerMessage, PeerMessage> InTerm(string id, long term) => message => message switch
    {
        VoteRequest v => new VoteResponse(id, term, Granted: false, v.PreVote),
        AppendRequest a => new AppendResponse(id, term, a.Round, Success: false, MatchIndex: 0),
        _ => throw new InvalidOperationException($"{id} got an unexpected {message.GetType().Name}"),
    };

    private static Func<PeerMessage, PeerMessage> Voter(string id, bool grantPreVote, bool grantVote) => message => message switch
    {
        // A granted pre-vote echoes the term asked about; a refused one carries the voter's own term, which
        // is the candidate's current term, one below the term asked about. A real vote request makes the
        // voter adopt its term first (Raft §5.1), granted or not.
        VoteRequest { PreVote: true } v => new VoteResponse(id, grantPreVote ? v.Term : v.Term - 1, grantPreVote, PreVote: true),
        VoteRequest v => new VoteResponse(id, v.Term, grantVote, PreVote: false),
        AppendRequest a => new AppendResponse(id, a.Term, a.Round, Success: true, MatchIndex: LastIndex(a)),
        _ => throw new InvalidOperationException($"{id} got an unexpected {message.GetType().Name}"),
    };

    private static long LastIndex(AppendRequest a) =>
        a.Entries.Count > 0 ? a.Entries[^1].Index : Math.Max(a.PrevLogIndex, a.Snapshot?.Index ?? 0);
}
