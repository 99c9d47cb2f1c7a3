using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// What a node does when it is stopped on purpose (SIGTERM, Ctrl+C), before it stops answering: a Goose
/// hands over first (thesis §3.10), so the cluster has its next Goose without waiting out an election
/// timeout; then the node asks the Goose to let it leave (<c>POST /cluster/members/{id}/leave</c>): a
/// non-voter is removed, a voter's seat goes to a healthy non-voter. A voter whose seat is taken waits until
/// it sees itself a non-voter, so the voters never count one that is gone. All within a bounded time
/// (<c>leave-timeout-ms</c>); past it, or with it at 0, the node just stops, which the cluster treats as a failure.
/// </summary>
public sealed partial class GracefulLeave
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly NodeActor _node;
    private readonly Func<Uri, IDuckApi> _clientFor;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger<GracefulLeave> _logger;

    /// <summary>Creates the leave of <paramref name="node"/>; <paramref name="clientFor"/> makes an admin client for the Goose's URL.</summary>
    public GracefulLeave(NodeActor node, Func<Uri, IDuckApi> clientFor, TimeSpan timeout, TimeProvider time, ILogger<GracefulLeave> logger)
    {
        _node = node;
        _clientFor = clientFor;
        _timeout = timeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>Hands over and leaves as described above; returns when done, refused, or out of time. Never throws but for the caller's cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_timeout <= TimeSpan.Zero || !_node.IsMember || _node.Snapshot.Status.Members.Count <= 1)
        {
            return;
        }

        var self = _node.Self.Id;
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_timeout, _time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var status = _node.Snapshot.Status;
            if (status.State == NodeState.Leader && status.Members.Count(m => m.IsVoter) > 1)
            {
                var handed = await _node.TransferAsync(null, bounded.Token).ConfigureAwait(false);
                Log.HandOver(_logger, self, handed.Outcome, handed.Detail);
            }

            var outcome = await AskToLeaveAsync(self, bounded.Token).ConfigureAwait(false);
            if (outcome is null)
            {
                return;
            }

            // A voter whose seat a non-voter takes waits for its demotion; with no non-voter there is no seat to hand on.
            var me = _node.Snapshot.Status.Members.FirstOrDefault(m => m.Id == self);
            if (me is { IsVoter: true } && _node.Snapshot.Status.Members.Any(m => !m.IsVoter))
            {
                await _node.WaitForAsync(s => s.Status.Members.FirstOrDefault(m => m.Id == self) is not { IsVoter: true }, bounded.Token).ConfigureAwait(false);
            }

            Log.Left(_logger, self, _time.GetElapsedTime(started).TotalMilliseconds, outcome);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.OutOfTime(_logger, self, _timeout.TotalMilliseconds);
        }
        catch (NodeUnavailableException e)
        {
            Log.Failed(_logger, self, e.Message);
        }
    }

    /// <summary>Asks the Goose it knows to let this node leave, until one has decided; the decision's detail, or null when refused.</summary>
    private async Task<string?> AskToLeaveAsync(string self, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = _node.Snapshot.Status;
            if (status.Members.All(m => m.Id != self))
            {
                return "no longer a member";
            }

            if (status.State == NodeState.Leader)
            {
                // Still the Goose: alone, or the hand-over failed. The core refuses a Goose's own leave.
                var own = await _node.LeaveAsync(self, cancellationToken).ConfigureAwait(false);
                Log.Refused(_logger, self, own.Detail);
                return null;
            }

            if (status.Leader is { } goose)
            {
                try
                {
                    var change = await _clientFor(new Uri(goose.Url)).LeaveAsync(self, cancellationToken).ConfigureAwait(false);
                    return change.Detail;
                }
                catch (DuckApiException e) when (e.Problem?.Type is not (ProblemTypes.Busy or ProblemTypes.NoGoose or ProblemTypes.Unavailable))
                {
                    Log.Refused(_logger, self, e.Problem?.Detail ?? e.Message);
                    return null;
                }
                catch (Exception e) when (e is DuckApiException or HttpRequestException or Refit.ApiExceptionBase
                                              || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    Log.Retrying(_logger, self, goose.Id, e.Message);
                }
            }

            await Task.Delay(RetryDelay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Node {Id} is stopping: hand-over {Outcome}: {Detail}")]
        public static partial void HandOver(ILogger logger, string id, MembershipOutcome outcome, string detail);

        [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Node {Id} left the cluster in {ElapsedMs:0} ms: {Detail}")]
        public static partial void Left(ILogger logger, string id, double elapsedMs, string detail);

        [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "Node {Id} did not finish leaving within leave-timeout-ms ({TimeoutMs:0} ms); it stops anyway, and the cluster treats it as failed")]
        public static partial void OutOfTime(ILogger logger, string id, double timeoutMs);

        [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "Node {Id} may not leave: {Detail}; it stops anyway")]
        public static partial void Refused(ILogger logger, string id, string detail);

        [LoggerMessage(EventId = 904, Level = LogLevel.Debug, Message = "Node {Id} asks the Goose {Goose} to let it leave again: {Reason}")]
        public static partial void Retrying(ILogger logger, string id, string goose, string reason);

        [LoggerMessage(EventId = 905, Level = LogLevel.Warning, Message = "Node {Id} could not leave: {Reason}")]
        public static partial void Failed(ILogger logger, string id, string reason);
    }
}
