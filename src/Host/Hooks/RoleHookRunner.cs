using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Leadership;
using DuckDuckGoose.Host.Metrics;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Hooks;

/// <summary>
/// Runs the role hooks (<c>on-goose</c>, <c>on-duck</c>, <c>on-role-change</c>; keepalived's notify scripts,
/// Patroni's callbacks) on a task of its own, one hook at a time, never in the election's way.
/// </summary>
/// <remarks>
/// Level-triggered: the runner keeps the role the hooks last succeeded for and, whenever the node's
/// current role differs from it, runs the hooks for the <em>current</em> role (not a queue of past
/// transitions): the role's own hook, then <c>on-role-change</c>. A failure (non-zero exit, timeout, no
/// shell) is retried with exponential backoff (1 s doubling to <c>hook-retry-max-ms</c>, with jitter) until
/// it succeeds or the role changes. A hook running when the role changes is left to finish or time out;
/// then the hooks for the new role run. A new Goose tenure in a later term counts as a change, so
/// <c>DUCK_TERM</c> (the fencing token) is always the current one. At start the Duck hooks run once
/// whatever the role, so the outside world starts from Duck: a node that died as the Goose must not leave
/// a stale Goose claim behind (keepalived issue 1884: a missed transition left two masters).
/// </remarks>
public sealed partial class RoleHookRunner : IHostedService, IAsyncDisposable
{
    private const string OnGoose = "on-goose";
    private const string OnDuck = "on-duck";
    private const string OnRoleChange = "on-role-change";

    private readonly INodeLeadership _leadership;
    private readonly IHookProcessRunner _processes;
    private readonly TimeProvider _time;
    private readonly ILogger<RoleHookRunner> _logger;
    private readonly Random _random;
    private readonly NodeMetrics? _metrics;
    private readonly string? _onGoose;
    private readonly string? _onDuck;
    private readonly string? _onRoleChange;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _firstRetry;
    private readonly TimeSpan _maxRetry;
    private readonly CancellationTokenSource _stopping = new();

    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _statusChanged = NewSignal();
    private HookStatus _status;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates the runner with the hook settings of <paramref name="options"/>; with <paramref name="metrics"/>, it counts runs and failures there too.</summary>
    public RoleHookRunner(
        INodeLeadership leadership,
        IHookProcessRunner processes,
        NodeOptions options,
        TimeProvider time,
        ILogger<RoleHookRunner> logger,
        Random? random = null,
        NodeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _leadership = leadership;
        _processes = processes;
        _time = time;
        _logger = logger;
        _random = random ?? new Random();
        _metrics = metrics;
        _onGoose = Command(options.OnGoose);
        _onDuck = Command(options.OnDuck);
        _onRoleChange = Command(options.OnRoleChange);
        _timeout = TimeSpan.FromMilliseconds(options.HookTimeoutMs);
        _maxRetry = TimeSpan.FromMilliseconds(options.HookRetryMaxMs);
        _firstRetry = TimeSpan.FromSeconds(1) < _maxRetry ? TimeSpan.FromSeconds(1) : _maxRetry;
        _status = HookStatus.None with { Enabled = _onGoose is not null || _onDuck is not null || _onRoleChange is not null };
    }

    /// <summary>The counters and the convergence state, as of now.</summary>
    public HookStatus Status => Volatile.Read(ref _status);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Status.Enabled || !_loop.IsCompleted)
        {
            return Task.CompletedTask;
        }

        _leadership.RoleChanged += OnRoleChanged;
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the runner; a hook still running is killed (with its process tree), so stopping never waits for one.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _leadership.RoleChanged -= OnRoleChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _leadership.RoleChanged -= OnRoleChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);

        // _stopping is not disposed: the container disposes this instance twice (as itself and as a hosted
        // service), and a cancelled source without a timer holds nothing.
    }

    /// <summary>Completes once <see cref="Status"/> satisfies <paramref name="condition"/> (checked now and after each change).</summary>
    public async Task<HookStatus> WaitForStatusAsync(Func<HookStatus, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var signal = Volatile.Read(ref _statusChanged);
            var status = Status;
            if (condition(status))
            {
                return status;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string? Command(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    // Cheap on purpose: it runs on the leadership's event thread and only wakes the loop, which reads the role itself.
    private void OnRoleChanged(object? sender, RoleChangedEventArgs change)
    {
        Update(s => s with { DesiredRole = _leadership.Role });
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private Target Current()
    {
        var role = _leadership.Role;
        return new Target(role, _leadership.Term, role == NodeRole.Goose ? _leadership.Self : _leadership.Goose);
    }

    // The loop and the role event both write the status: compare-and-swap, never a lock.
    private void Update(Func<HookStatus, HookStatus> change)
    {
        HookStatus current;
        do
        {
            current = Status;
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _status, change(current), current), current));

        Interlocked.Exchange(ref _statusChanged, NewSignal()).TrySetResult();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var first = true;
        Target? applied = null;
        Target? failed = null;
        var retry = _firstRetry;
        try
        {
            while (true)
            {
                var changed = Volatile.Read(ref _changed).Task;
                var target = first ? Current() with { Role = NodeRole.Duck } : Current();
                Update(s => s with { DesiredRole = target.Role });
                if (!first && applied is not null && applied.SameAs(target))
                {
                    await changed.WaitAsync(stopping).ConfigureAwait(false);
                    continue;
                }

                if (failed is null || !failed.SameAs(target))
                {
                    retry = _firstRetry;
                }

                first = false;
                if (await RunHooksAsync(target, applied?.Role, stopping).ConfigureAwait(false))
                {
                    applied = target;
                    failed = null;
                    Update(s => s with { AppliedRole = target.Role, AppliedTerm = target.Term });
                    continue;
                }

                failed = target;
                var delay = retry * (0.5 + (0.5 * _random.NextDouble()));
                retry = retry * 2 < _maxRetry ? retry * 2 : _maxRetry;
                Log.Retrying(_logger, target.Role, (long)delay.TotalMilliseconds);
                await WaitForRetryAsync(delay, target, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.RunnerFailed(_logger, e);
        }
    }

    /// <summary>Waits out a retry delay, cut short when the node's role no longer matches the failed target.</summary>
    private async Task WaitForRetryAsync(TimeSpan delay, Target failed, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var timer = Task.Delay(delay, _time, cancel.Token);
        Update(s => s with { NextRetryAt = _time.GetUtcNow() + delay });
        try
        {
            while (!timer.IsCompleted)
            {
                var changed = Volatile.Read(ref _changed).Task;
                if (!failed.SameAs(Current()))
                {
                    return;
                }

                await Task.WhenAny(timer, changed).ConfigureAwait(false);
            }
        }
        finally
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            Update(s => s with { NextRetryAt = null });
        }

        stopping.ThrowIfCancellationRequested();
    }

    /// <summary>Runs the role's own hook, then on-role-change; true when every configured one succeeded.</summary>
    private async Task<bool> RunHooksAsync(Target target, NodeRole? previous, CancellationToken stopping)
    {
        var roleHook = target.Role == NodeRole.Goose ? (OnGoose, _onGoose) : (OnDuck, _onDuck);
        foreach (var (hook, command) in new[] { roleHook, (OnRoleChange, _onRoleChange) })
        {
            if (command is null)
            {
                continue;
            }

            var environment = HookEnvironment.Create(hook, target.Role, previous, target.Term, _leadership.Self, target.Goose);
            if (!await RunOneAsync(new HookProcessRequest(hook, command, environment), target, stopping).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> RunOneAsync(HookProcessRequest request, Target target, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        Update(s => s with { Runs = s.Runs + 1, Running = request.Hook });
        _metrics?.HookRan(request.Hook);
        Log.Running(_logger, request.Hook, target.Role, target.Term);
        try
        {
            var exitCode = await _processes.RunAsync(request, line => Output(request.Hook, line), cancel.Token).ConfigureAwait(false);
            if (exitCode == 0)
            {
                Update(s => s with { LastExitCode = 0, Running = null });
                Log.Succeeded(_logger, request.Hook, target.Role, target.Term);
                return true;
            }

            Fail(request.Hook, "exit_code", s => s with { LastExitCode = exitCode }, $"{request.Hook} exited with code {exitCode}");
            return false;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            Fail(request.Hook, "timeout", s => s with { Timeouts = s.Timeouts + 1 }, $"{request.Hook} ran longer than {(long)_timeout.TotalMilliseconds} ms and was killed");
            return false;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Update(s => s with { Running = null });
            Log.KilledOnStop(_logger, request.Hook);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(request.Hook, "error", s => s, $"{request.Hook} could not run: {e.Message}");
            return false;
        }
    }

    /// <summary>Notes a failed run of <paramref name="hook"/>; <paramref name="kind"/> is the metrics' reason label (exit_code, timeout, error).</summary>
    private void Fail(string hook, string kind, Func<HookStatus, HookStatus> change, string reason)
    {
        _metrics?.HookFailed(hook, kind);
        Update(s => change(s) with { Failures = s.Failures + 1, LastFailure = reason, Running = null });
        Log.Failed(_logger, reason);
    }

    private void Output(string hook, HookOutputLine line)
    {
        if (line.IsError)
        {
            Log.ErrorOutput(_logger, hook, line.Text);
        }
        else
        {
            Log.Output(_logger, hook, line.Text);
        }
    }

    /// <summary>The outside world's desired state: a role, and for the Goose also its term (the fencing token).</summary>
    private sealed record Target(NodeRole Role, long Term, Member? Goose)
    {
        public bool SameAs(Target other) => Role == other.Role && (Role != NodeRole.Goose || Term == other.Term);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Running hook {Hook} for role {Role} in term {Term}")]
        public static partial void Running(ILogger logger, string hook, NodeRole role, long term);

        [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Hook {Hook} succeeded for role {Role} in term {Term}")]
        public static partial void Succeeded(ILogger logger, string hook, NodeRole role, long term);

        [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Hook failed: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Hooks for role {Role} will be retried in {DelayMs} ms unless the role changes first")]
        public static partial void Retrying(ILogger logger, NodeRole role, long delayMs);

        [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "[{Hook}] {Line}")]
        public static partial void Output(ILogger logger, string hook, string line);

        [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "[{Hook}] stderr: {Line}")]
        public static partial void ErrorOutput(ILogger logger, string hook, string line);

        [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "Hook {Hook} was killed because the node is stopping")]
        public static partial void KilledOnStop(ILogger logger, string hook);

        [LoggerMessage(EventId = 706, Level = LogLevel.Critical, Message = "The hook runner failed and runs no more hooks")]
        public static partial void RunnerFailed(ILogger logger, Exception error);
    }
}
