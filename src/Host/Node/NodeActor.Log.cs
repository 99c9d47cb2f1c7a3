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

        [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Node {Id} configuration: {Members}")]
        public static partial void MembersChanged(ILogger logger, string id, string members);

        [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "{Message} to {To} at {Url} was lost: {Reason}")]
        public static partial void SendFailed(ILogger logger, string message, string to, string url, string reason);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{To} answered with a {Type}, which is not a Raft reply; dropped")]
        public static partial void UnexpectedReply(ILogger logger, string to, string type);

        [LoggerMessage(EventId = 106, Level = LogLevel.Critical, Message = "Node {Id} failed and stops taking input")]
        public static partial void Failed(ILogger logger, string id, Exception error);
    }
}
