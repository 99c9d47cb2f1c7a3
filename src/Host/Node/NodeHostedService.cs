using DuckDuckGoose.Host.Plugins;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Node;

/// <summary>
/// Runs the node with the host: starts the actor, then the transport's inbound side, then the join
/// loop when needed; on stop, the reverse. A failed actor stops the whole process with exit code 1,
/// because a node whose disk lost a write must not go on answering. Stopped on purpose, it first leaves the
/// cluster (<see cref="GracefulLeave"/>), in <see cref="StoppingAsync"/>: the host calls that before it stops
/// any service, so the server still answers the peers and the Goose while the node hands over and leaves.
/// </summary>
public sealed partial class NodeHostedService : IHostedLifecycleService
{
    private readonly NodeActor _node;
    private readonly NodePlugins _plugins;
    private readonly PeerMessageHandler _handler;
    private readonly JoinLoop _joinLoop;
    private readonly GracefulLeave _leave;
    private readonly AdvertiseCheck _advertiseCheck;
    private readonly FailoverRehearsal _rehearsal;
    private readonly NodeStartup _startup;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<NodeHostedService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _joining = Task.CompletedTask;

    /// <summary>Creates the service.</summary>
    public NodeHostedService(
        NodeActor node,
        NodePlugins plugins,
        PeerMessageHandler handler,
        JoinLoop joinLoop,
        GracefulLeave leave,
        AdvertiseCheck advertiseCheck,
        FailoverRehearsal rehearsal,
        NodeStartup startup,
        IHostApplicationLifetime lifetime,
        ILogger<NodeHostedService> logger)
    {
        _node = node;
        _plugins = plugins;
        _handler = handler;
        _joinLoop = joinLoop;
        _leave = leave;
        _advertiseCheck = advertiseCheck;
        _rehearsal = rehearsal;
        _startup = startup;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _node.Start();
        _ = _node.Completion.ContinueWith(
            failed =>
            {
                Log.StoppingAfterFailure(_logger, failed.Exception?.GetBaseException().Message ?? "unknown");
                Environment.ExitCode = 1;
                _lifetime.StopApplication();
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

        await _plugins.Transport.StartAsync(_handler, cancellationToken).ConfigureAwait(false);
        Log.Running(_logger, _node.Self.Id, _plugins.Transport.Name, _plugins.Timer.Name);
        _lifetime.ApplicationStarted.Register(() => _ = _advertiseCheck.RunAsync(_stopping.Token));
        _lifetime.ApplicationStarted.Register(() => _ = _rehearsal.RunAsync(
            ct => _node.WaitForAsync(s => s.Status.Members.Any(m => m.Id == _node.Self.Id && m.CanStand), ct),
            _stopping.Token));
        if (_startup.JoinAddress is { } join && (!_node.IsMember || _startup.Rejoin))
        {
            // Ask only once this node's server listens: the Goose commits the new configuration only when
            // this node answers its AppendRequests, and until then the Goose can lose its quorum.
            _lifetime.ApplicationStarted.Register(() => _joining = _joinLoop.RunAsync(join, _stopping.Token, ask: _startup.Rejoin));
        }
        else if (_node.IsMember && !_node.IsListedAsItIs)
        {
            // Restarted with another peer address (another transport): the configuration still names the
            // old one, which peers keep using until the Goose records the new one. Ask through this node's
            // own admin API, which passes the request on to the Goose.
            _lifetime.ApplicationStarted.Register(() => _joining = _joinLoop.RunAsync(_node.Self.Url, _stopping.Token));
        }
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Only a node that is running leaves: not one whose start failed, nor one whose actor failed.
        if (_node.Completion.IsCompleted || _stopping.IsCancellationRequested)
        {
            return;
        }

        await _leave.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _joining.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // The host may stop twice (its own shutdown and a test host's), so this stays idempotent.
        await _node.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Node {Id} runs with transport '{Transport}' and election timer '{Timer}'")]
        public static partial void Running(ILogger logger, string id, string transport, string timer);

        [LoggerMessage(EventId = 501, Level = LogLevel.Critical, Message = "Stopping the process because the node failed: {Reason}")]
        public static partial void StoppingAfterFailure(ILogger logger, string reason);
    }
}
