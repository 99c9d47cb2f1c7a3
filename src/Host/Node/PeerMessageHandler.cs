using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// The node's inbound side for every transport: Raft requests go to the actor and are answered once
/// their effects are durable. (Joins are admin operations, <c>POST /cluster/members</c>, not peer messages.)
/// </summary>
public sealed class PeerMessageHandler : IPeerMessageHandler
{
    private readonly NodeActor _node;

    /// <summary>Creates the handler for <paramref name="node"/>.</summary>
    public PeerMessageHandler(NodeActor node)
    {
        _node = node;
    }

    /// <inheritdoc />
    /// <exception cref="PeerMessageRejectedException">The message is not a valid request; nothing changed.</exception>
    /// <exception cref="NodeUnavailableException">The node is stopping or failed.</exception>
    public async Task<PeerMessage> HandleAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Problem(message) is { } problem)
        {
            throw new PeerMessageRejectedException(problem);
        }

        return message switch
        {
            VoteRequest or AppendRequest or TimeoutNowRequest => await _node.StepAsync((RaftMessage)message, cancellationToken).ConfigureAwait(false)
                ?? throw new PeerMessageRejectedException($"A {message.GetType().Name} from {message.From} got no reply."),
            _ => throw new PeerMessageRejectedException($"A {message.GetType().Name} is a reply, not a request."),
        };
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
            RaftMessage { Term: < 0 } => "'term' is negative.",
            VoteRequest { LastLogIndex: < 0 } or VoteRequest { LastLogTerm: < 0 } => "'lastLogIndex' and 'lastLogTerm' must not be negative.",
            AppendRequest { PrevLogIndex: < 0 } or AppendRequest { PrevLogTerm: < 0 } or AppendRequest { CommitIndex: < 0 } =>
                "'prevLogIndex', 'prevLogTerm' and 'commitIndex' must not be negative.",
            AppendRequest append when append.Entries.Any(e => e is null) => "'entries' holds a null entry.",
            TimeoutNowRequest { LastLogIndex: < 0 } => "'lastLogIndex' must not be negative.",
            _ => null,
        };
    }
}
