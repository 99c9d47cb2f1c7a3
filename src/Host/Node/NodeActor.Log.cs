using DuckDuckGoose.Contracts;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>The actor's log messages.</summary>
public sealed partial class NodeActor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Node {Id} at {Url} started in term {Term} with {MemberCount} member(s)")]
        public static partial void Started(ILogger logger, string id, string url, long term, int memberCount);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Node {Id} stopped")]
        public static partial void Stopped(ILogger logger, string id);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Node {Id} is {State} in term {Term}; Goose known: {Leader}")]
        public static partial void StateChanged(ILogger logger, string id, NodeState state, long term, string leader);

        [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Node {Id} configuration: {Count} member(s), {Voters} voting; changed: {Changes}")]
        public static partial void MembersChanged(ILogger logger, string id, int count, int voters, string changes);

        [LoggerMessage(EventId = 115, Level = LogLevel.Debug, Message = "Node {Id} members: {Members}")]
        public static partial void Members(ILogger logger, string id, string members);

        [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "{Message} to {To} at {Url} was lost: {Reason}")]
        public static partial void SendFailed(ILogger logger, string message, string to, string url, string reason);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{To} answered with a {Type}, which is not a Raft reply; dropped")]
        public static partial void UnexpectedReply(ILogger logger, string to, string type);

        [LoggerMessage(EventId = 106, Level = LogLevel.Critical, Message = "Node {Id} failed and stops taking input")]
        public static partial void Failed(ILogger logger, string id, Exception error);

        [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Refused a {Message} from {From} ({Reason}): {Detail}; nothing changed. Further refusals of this sender for this reason are logged at Debug")]
        public static partial void Refused(ILogger logger, string message, string from, string reason, string detail);

        [LoggerMessage(EventId = 108, Level = LogLevel.Debug, Message = "Refused a {Message} from {From} ({Reason})")]
        public static partial void RefusedAgain(ILogger logger, string message, string from, string reason);

        [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Bug: a {Message} from {From} made the election core throw; the message is refused and the node carries on")]
        public static partial void StepFailed(ILogger logger, string message, string from, Exception error);

        [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Bug: a {Command} made the election core throw; the command fails and the node carries on")]
        public static partial void CommandFailed(ILogger logger, string command, Exception error);

        [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "The Goose this node follows holds a lease of {LeaseMs} ms, longer than this node's own election timeout ({OwnMs} ms) covers: it refuses votes for {RefusalMs} ms after each heartbeat and does not stand before then, so a failover takes that long (members run with different timing settings)")]
        public static partial void LongerGooseLease(ILogger logger, long leaseMs, double refusalMs, double ownMs);

        [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "The Goose this node follows holds a lease of {LeaseMs} ms, which its own election timeout ({OwnMs} ms) covers")]
        public static partial void GooseLease(ILogger logger, long leaseMs, double ownMs);

        [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Autopilot on {Id} in term {Term}: {Reason}")]
        public static partial void Autopilot(ILogger logger, string id, long term, string reason);

        [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "A lease-revoked callback failed")]
        public static partial void LeaseCallbackFailed(ILogger logger, Exception error);
    }
}
