using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// The node's inbound side for every transport: Raft requests go to the actor and are answered once
/// their effects are durable; a join request becomes a membership command, and a Duck passes it on
/// to the Goose once (thesis §4.1: only the leader changes the configuration).
/// </summary>
public sealed partial class PeerMessageHandler : IPeerMessageHandler
{
    private readonly NodeActor _node;
    private readonly ITransport _transport;
    private readonly ILogger<PeerMessageHandler> _logger;

    /// <summary>Creates the handler for <paramref name="node"/>, forwarding joins through <paramref name="transport"/>.</summary>
    public PeerMessageHandler(NodeActor node, ITransport transport, ILogger<PeerMessageHandler> logger)
    {
        _node = node;
        _transport = transport;
        _logger = logger;
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
            JoinRequest join => await JoinAsync(join, cancellationToken).ConfigureAwait(false),
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
            JoinRequest join when !IsValidMember(join.Member) => "'member' needs an id of A-Z a-z 0-9 . _ - and an absolute http(s) URL.",
            _ => null,
        };
    }

    private static bool IsValidMember(Member? member) =>
        member is not null
        && NodeOptionsValidator.IsValidId(member.Id)
        && JoinAddress.IsHttpUrl(member.Url);

    private async Task<PeerMessage> JoinAsync(JoinRequest join, CancellationToken cancellationToken)
    {
        var result = await _node.ProposeAsync(MembershipChange.Add, join.Member, cancellationToken).ConfigureAwait(false);

        // A Duck passes a join straight from the joining node to the Goose it knows, once: a request that
        // was already passed on (From is no longer the joining node) is answered, not passed again, so two
        // nodes with stale views cannot bounce it between them.
        if (result.Outcome == MembershipOutcome.NotGoose
            && result.Goose is { } goose
            && goose.Id != _node.Self.Id
            && join.From == join.Member.Id)
        {
            Log.ForwardingJoin(_logger, join.Member.Id, goose.Id, goose.Url);
            try
            {
                var answer = await _transport.SendAsync(goose, join with { From = _node.Self.Id }, cancellationToken).ConfigureAwait(false);
                if (answer is JoinResponse response)
                {
                    return response;
                }
            }
            catch (TransportException e)
            {
                Log.ForwardFailed(_logger, goose.Id, e.Message);
            }
        }

        return new JoinResponse(_node.Self.Id, result.Outcome, result.Goose, result.Detail);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Passing the join of {Member} on to the Goose {Goose} at {Url}")]
        public static partial void ForwardingJoin(ILogger logger, string member, string goose, string url);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not pass a join on to the Goose {Goose}: {Reason}")]
        public static partial void ForwardFailed(ILogger logger, string goose, string reason);
    }
}
