using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Security;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// The node's inbound side for every transport: Raft requests go to the actor and are answered once
/// their effects are durable. (Joins are admin operations, <c>POST /cluster/members</c>, not peer messages.)
/// With a cluster secret, a message must verify first (<see cref="PeerMessageAuthenticator"/>) and every
/// reply is signed for its requester.
/// </summary>
public sealed class PeerMessageHandler : IPeerMessageHandler
{
    private readonly NodeActor _node;
    private readonly PeerMessageAuthenticator? _authenticator;

    /// <summary>Creates the handler for <paramref name="node"/>; with <paramref name="authenticator"/>, messages must carry a valid tag.</summary>
    public PeerMessageHandler(NodeActor node, PeerMessageAuthenticator? authenticator = null)
    {
        _node = node;
        _authenticator = authenticator;
    }

    /// <inheritdoc />
    /// <exception cref="PeerMessageRejectedException">The message is not a valid request; nothing changed.</exception>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public async Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_authenticator is not null)
        {
            // Before any other rule: a message that does not prove the secret reaches neither the checks nor the core.
            try
            {
                message = _authenticator.Verify(message);
            }
            catch (PeerAuthenticationException e)
            {
                _node.Refuse(message.GetType().Name, PeerMessageAuthenticator.Printable(message.From), PeerMessageRejectedException.Unauthenticated, e.Message);
                throw new PeerMessageRejectedException(e.Message, PeerMessageRejectedException.Unauthenticated);
            }
        }

        if (Problem(message) is { } problem)
        {
            _node.CountRefused(PeerMessageRejectedException.Malformed);
            throw new PeerMessageRejectedException(problem);
        }

        if (message is not (VoteRequest or AppendRequest or TimeoutNowRequest))
        {
            _node.CountRefused(PeerMessageRejectedException.Malformed);
            throw new PeerMessageRejectedException($"A {message.GetType().Name} is a reply, not a request.");
        }

        var reply = await _node.StepAsync((RaftMessage)message, cancellationToken).ConfigureAwait(false)
            ?? throw new PeerMessageRejectedException($"A {message.GetType().Name} from {message.From} got no reply.", PeerMessageRejectedException.Fault);
        return _authenticator is null ? reply : _authenticator.Sign(reply, message.From);
    }

    /// <summary>Why <paramref name="message"/> cannot be taken, or null when it is well formed.</summary>
    public static string? Problem(PeerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.From))
        {
            return "'from' is empty.";
        }

        return message switch
        {
            { Cluster: { Length: 0 or > 64 } } => "'cluster' must be 1-64 characters when given.",
            RaftMessage { Term: < 0 } => "'term' is negative.",
            AppendRequest { Entries: null } => "'entries' is missing.",
            VoteRequest { LastLogIndex: < 0 } or VoteRequest { LastLogTerm: < 0 } => "'lastLogIndex' and 'lastLogTerm' must not be negative.",
            AppendRequest { PrevLogIndex: < 0 } or AppendRequest { PrevLogTerm: < 0 } or AppendRequest { CommitIndex: < 0 } =>
                "'prevLogIndex', 'prevLogTerm' and 'commitIndex' must not be negative.",
            AppendRequest append when append.Entries.Any(e => e is null) => "'entries' holds a null entry.",
            AppendRequest { Round: < 0 } or AppendRequest { LeaseMs: < 0 or > MaxLeaseMs } =>
                $"'round' must not be negative and 'leaseMs' must be 0 to {MaxLeaseMs}.",
            AppendRequest append when EntriesProblem(append) is { } entries => entries,
            AppendRequest { Snapshot: { } snapshot } when snapshot.Index < 1 || snapshot.Term < 0 || MembersProblem(snapshot.Members) is not null =>
                $"'snapshot' must have an index of 1 or more, a term of 0 or more and valid members: {MembersProblem(snapshot.Members) ?? "index or term out of range"}",
            TimeoutNowRequest { LastLogIndex: < 0 } => "'lastLogIndex' must not be negative.",
            _ => null,
        };
    }

    /// <summary>The longest lease a Goose may announce: the longest election timeout a node accepts (60 s).</summary>
    private const long MaxLeaseMs = 60_000;

    /// <summary>
    /// Entries must follow the previous index one by one (Raft §5.3: a Goose sends a contiguous run), in
    /// terms that never fall and never pass the request's own, each configuration naming valid members.
    /// </summary>
    private static string? EntriesProblem(AppendRequest append)
    {
        var expected = append.PrevLogIndex + 1;
        var term = append.PrevLogTerm;
        foreach (var entry in append.Entries)
        {
            if (entry.Index != expected)
            {
                return $"'entries' must run on from prevLogIndex {append.PrevLogIndex} one index at a time; found {entry.Index} where {expected} was due.";
            }

            if (entry.Term < term || entry.Term > append.Term)
            {
                return $"'entries' terms must not fall and must not pass the request's term {append.Term}; entry {entry.Index} has term {entry.Term}.";
            }

            if (entry.Members is { } members && MembersProblem(members) is { } problem)
            {
                return $"entry {entry.Index}: {problem}";
            }

            expected++;
            term = entry.Term;
        }

        return null;
    }

    private static string? MembersProblem(IReadOnlyList<Member>? members)
    {
        if (members is null)
        {
            return "a configuration must list its members.";
        }

        if (members.Any(m => m is null || string.IsNullOrWhiteSpace(m.Id) || string.IsNullOrWhiteSpace(m.Url)))
        {
            return "every member needs an id and a url.";
        }

        return members.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count() == members.Count
            ? null
            : "a configuration names a member twice.";
    }
}
