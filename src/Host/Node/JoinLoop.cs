using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// A new node's way in (thesis §4.1): it asks the member named by <c>join</c> to add it, follows a
/// redirect to the Goose, and retries with a short backoff while no Goose answers or a change is in
/// flight, until the change is done or the node learns a configuration that includes it.
/// </summary>
public sealed partial class JoinLoop
{
    /// <summary>First wait after a failed or busy attempt.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly NodeActor _node;
    private readonly ITransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger<JoinLoop> _logger;

    /// <summary>Creates the loop for <paramref name="node"/>.</summary>
    public JoinLoop(NodeActor node, ITransport transport, TimeProvider time, ILogger<JoinLoop> logger)
    {
        _node = node;
        _transport = transport;
        _time = time;
        _logger = logger;
    }

    /// <summary>Asks to join through <paramref name="joinAddress"/> (<c>host:port</c> or a URL) until admitted or cancelled.</summary>
    public async Task RunAsync(string joinAddress, CancellationToken cancellationToken)
    {
        if (!JoinAddress.TryNormalize(joinAddress, out var url))
        {
            throw new NodeSettingsException($"join: '{joinAddress}' is neither host:port nor an absolute http or https URL");
        }

        // The seed's id is not known yet; transports address peers by URL.
        var target = new Member(joinAddress, url);
        var backoff = InitialBackoff;
        var redirected = false;
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            if (_node.IsMember)
            {
                Log.LearnedMembership(_logger, _node.Self.Id);
                return;
            }

            Log.Attempt(_logger, attempt, target.Url);
            var response = await AskAsync(target, cancellationToken).ConfigureAwait(false);
            switch (response)
            {
                case { Outcome: MembershipOutcome.Done }:
                    Log.Joined(_logger, _node.Self.Id, response.From, response.Detail);
                    return;

                // Follow a redirect at once, but only once in a row: two nodes with stale views must not
                // bounce this node between them without a pause.
                case { Outcome: MembershipOutcome.NotGoose, Goose: { } goose } when !redirected && goose.Url != target.Url:
                    Log.Redirected(_logger, response.From, goose.Id, goose.Url);
                    target = goose;
                    redirected = true;
                    backoff = InitialBackoff;
                    continue;

                case { Outcome: MembershipOutcome.Rejected }:
                    Log.Rejected(_logger, response.From, response.Detail);
                    backoff = MaxBackoff;
                    break;

                case not null:
                    Log.NotYet(_logger, response.From, response.Outcome, response.Detail);
                    if (response is { Outcome: MembershipOutcome.NotGoose, Goose: { } known })
                    {
                        target = known;
                    }

                    break;
            }

            redirected = false;
            try
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task<JoinResponse?> AskAsync(Member target, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await _transport.SendAsync(target, new JoinRequest(_node.Self.Id, _node.Self), cancellationToken).ConfigureAwait(false);
            if (reply is JoinResponse response)
            {
                return response;
            }

            Log.Failed(_logger, target.Url, $"answered with a {reply.GetType().Name}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException or TimeoutException)
        {
            Log.Failed(_logger, target.Url, e.Message);
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Join attempt {Attempt}: asking {Url} to add this node")]
        public static partial void Attempt(ILogger logger, int attempt, string url);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Node {Id} joined the cluster ({From}: {Detail})")]
        public static partial void Joined(ILogger logger, string id, string from, string detail);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "{From} is not the Goose; asking the Goose {Goose} at {Url}")]
        public static partial void Redirected(ILogger logger, string from, string goose, string url);

        [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{From} answered {Outcome}: {Detail}; retrying shortly")]
        public static partial void NotYet(ILogger logger, string from, MembershipOutcome outcome, string detail);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "{From} rejected this node's join: {Detail}; retrying slowly")]
        public static partial void Rejected(ILogger logger, string from, string detail);

        [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Join request to {Url} failed: {Reason}; retrying shortly")]
        public static partial void Failed(ILogger logger, string url, string reason);

        [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Node {Id} learned a configuration that includes it; joining is done")]
        public static partial void LearnedMembership(ILogger logger, string id);
    }
}
