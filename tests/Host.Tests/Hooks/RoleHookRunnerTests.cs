using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Hooks;

public sealed class RoleHookRunnerTests : IAsyncDisposable
{
    private static readonly Member A = new("a", "http://127.0.0.1:4001");
    private static readonly Member B = new("b", "http://127.0.0.1:4002");

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLeadership _leadership = new(A);
    private readonly FakeHookProcessRunner _processes = new();
    private RoleHookRunner? _runner;

    public async ValueTask DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    // Jitter of zero: each retry waits exactly half its backoff step (0.5 s, 1 s, 2 s...).
    private async Task<RoleHookRunner> StartAsync(NodeOptions options)
    {
        _runner = new RoleHookRunner(_leadership, _processes, options, _time, NullLogger<RoleHookRunner>.Instance, new FixedRandom(0));
        await _runner.StartAsync(Deadline());
        return _runner;
    }

    private static async Task<HookStatus> WaitAsync(RoleHookRunner runner, Func<HookStatus, bool> condition, string phase)
    {
        try
        {
            return await runner.WaitForStatusAsync(condition, Deadline());
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Hook status did not reach the expected state within 20 s ({phase}); last: {runner.Status}");
        }
    }

    private static NodeOptions AllHooks() => new() { OnGoose = "take-vip", OnDuck = "drop-vip", OnRoleChange = "notify" };

    [Fact]
    public async Task At_start_the_Duck_hooks_run_once_then_on_goose_runs_with_the_roles_variables()
    {
        var runner = await StartAsync(AllHooks());

        var startDuck = await _processes.NextAsync("the on-duck run at start");
        Assert.Equal(("on-duck", "drop-vip", "Duck", ""), (startDuck.Hook, startDuck.Request.CommandLine, startDuck.Env("DUCK_ROLE"), startDuck.Env("DUCK_PREVIOUS_ROLE")));
        startDuck.Exit(0);
        var startChange = await _processes.NextAsync("the on-role-change run at start");
        Assert.Equal(("on-role-change", "notify", "Duck"), (startChange.Hook, startChange.Request.CommandLine, startChange.Env("DUCK_ROLE")));
        startChange.Exit(0);
        await WaitAsync(runner, s => s is { Converged: true, AppliedRole: NodeRole.Duck }, "converged on Duck at start");

        _leadership.Change(NodeRole.Goose, 3);

        var goose = await _processes.NextAsync("on-goose after becoming the Goose");
        Assert.Equal("on-goose", goose.Hook);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["DUCK_HOOK"] = "on-goose",
                ["DUCK_ROLE"] = "Goose",
                ["DUCK_PREVIOUS_ROLE"] = "Duck",
                ["DUCK_TERM"] = "3",
                ["DUCK_NODE_ID"] = "a",
                ["DUCK_NODE_URL"] = A.Url,
                ["DUCK_GOOSE_ID"] = "a",
                ["DUCK_GOOSE_URL"] = A.Url,
            },
            goose.Request.Environment);
        goose.Exit(0);
        var change = await _processes.NextAsync("on-role-change after on-goose");
        Assert.Equal(("on-role-change", "Goose", "3"), (change.Hook, change.Env("DUCK_ROLE"), change.Env("DUCK_TERM")));
        change.Exit(0);

        var status = await WaitAsync(runner, s => s is { Converged: true, AppliedRole: NodeRole.Goose }, "converged on Goose");
        Assert.Equal((4L, 0L, 0L, 0, 3L), (status.Runs, status.Failures, status.Timeouts, status.LastExitCode, status.AppliedTerm));
    }

    [Fact]
    public async Task A_Duck_learns_the_Gooses_url()
    {
        var runner = await StartAsync(new NodeOptions { OnDuck = "follow" });
        (await _processes.NextAsync("on-duck at start")).Exit(0);
        await WaitAsync(runner, s => s.Converged, "converged at start");

        _leadership.Change(NodeRole.Goose, 2);
        await WaitAsync(runner, s => s is { AppliedRole: NodeRole.Goose }, "Goose without an on-goose hook");
        _leadership.Change(NodeRole.Duck, 3, B);

        var duck = await _processes.NextAsync("on-duck after stepping down");
        Assert.Equal(("Duck", "Goose", "3", "b", B.Url), (duck.Env("DUCK_ROLE"), duck.Env("DUCK_PREVIOUS_ROLE"), duck.Env("DUCK_TERM"), duck.Env("DUCK_GOOSE_ID"), duck.Env("DUCK_GOOSE_URL")));
    }

    [Fact]
    public async Task A_failed_hook_is_retried_with_exponential_backoff_up_to_the_maximum()
    {
        _leadership.SetQuietly(NodeRole.Goose, 2);
        var runner = await StartAsync(new NodeOptions { OnGoose = "take-vip", HookRetryMaxMs = 2000 });

        // No on-duck hook: the start's Duck step succeeds without a process, and on-goose follows at once.
        var expectedDelays = new[] { 500, 1000, 1000 };
        foreach (var (delay, attempt) in expectedDelays.Select((d, i) => (d, i + 1)))
        {
            var run = await _processes.NextAsync($"attempt {attempt}");
            Assert.Equal("on-goose", run.Hook);
            run.Exit(7);
            await WaitAsync(runner, s => s.Failures == attempt && s.NextRetryAt is not null, $"retry {attempt} scheduled");
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMilliseconds(delay), runner.Status.NextRetryAt);

            _time.Advance(TimeSpan.FromMilliseconds(delay - 1));
            Assert.False(_processes.HasStarted, $"retry {attempt} ran before its {delay} ms backoff");
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        (await _processes.NextAsync("the attempt that succeeds")).Exit(0);
        var status = await WaitAsync(runner, s => s.Converged, "converged after retries");
        Assert.Equal((4L, 3L), (status.Runs, status.Failures));
        Assert.Equal(0, status.LastExitCode);
        Assert.Equal(NodeRole.Goose, status.AppliedRole);
        Assert.Equal("on-goose exited with code 7", status.LastFailure);
    }

    [Fact]
    public async Task A_role_change_cuts_the_retry_wait_short_and_runs_the_hook_for_the_new_role()
    {
        var runner = await StartAsync(new NodeOptions { OnGoose = "take-vip", OnDuck = "drop-vip" });
        (await _processes.NextAsync("on-duck at start")).Exit(0);
        _leadership.Change(NodeRole.Goose, 2);
        (await _processes.NextAsync("on-goose in term 2")).Exit(0);
        _leadership.Change(NodeRole.Duck, 3, B);
        (await _processes.NextAsync("on-duck in term 3")).Exit(1);
        await WaitAsync(runner, s => s.NextRetryAt is not null, "retry of on-duck scheduled");

        _leadership.Change(NodeRole.Goose, 4);

        var goose = await _processes.NextAsync("on-goose right after the change, with no time passing");
        Assert.Equal(("on-goose", "4", "Goose"), (goose.Hook, goose.Env("DUCK_TERM"), goose.Env("DUCK_PREVIOUS_ROLE")));
        goose.Exit(0);
        await WaitAsync(runner, s => s is { Converged: true, AppliedRole: NodeRole.Goose, AppliedTerm: 4, NextRetryAt: null }, "converged on Goose");
    }

    [Fact]
    public async Task A_retry_is_dropped_when_the_role_returns_to_the_one_the_hooks_last_succeeded_for()
    {
        _leadership.SetQuietly(NodeRole.Goose, 2);
        var runner = await StartAsync(new NodeOptions { OnGoose = "take-vip", OnDuck = "drop-vip" });
        (await _processes.NextAsync("on-duck at start")).Exit(0);
        (await _processes.NextAsync("on-goose")).Exit(1);
        await WaitAsync(runner, s => s.NextRetryAt is not null, "retry scheduled");

        // on-duck succeeded and on-goose never did, so the outside world already reflects a Duck.
        _leadership.Change(NodeRole.Duck, 3);

        var status = await WaitAsync(runner, s => s is { Converged: true, NextRetryAt: null }, "converged on Duck without a run");
        Assert.Equal((NodeRole.Duck, 2L), (status.AppliedRole, status.Runs));
        Assert.False(_processes.HasStarted);
    }

    [Fact]
    public async Task Transitions_during_a_running_hook_wait_for_it_then_only_the_current_role_runs()
    {
        var runner = await StartAsync(AllHooks());
        await ConvergeOnDuckAtStartAsync(runner);
        _leadership.Change(NodeRole.Goose, 3);
        var goose = await _processes.NextAsync("on-goose");

        _leadership.Change(NodeRole.Duck, 4, B);
        _leadership.Change(NodeRole.Goose, 5);
        _leadership.Change(NodeRole.Duck, 6, B);
        await WaitAsync(runner, s => s.DesiredRole == NodeRole.Duck, "the runner saw the new role");
        Assert.False(goose.Token.IsCancellationRequested, "a running hook is not cut short by a role change");
        Assert.False(_processes.HasStarted, "two hooks ran at once");

        goose.Exit(0);
        (await _processes.NextAsync("on-role-change of the Goose run")).Exit(0);
        var duck = await _processes.NextAsync("on-duck for the current role");
        Assert.Equal(("on-duck", "6", "Goose"), (duck.Hook, duck.Env("DUCK_TERM"), duck.Env("DUCK_PREVIOUS_ROLE")));
        duck.Exit(0);
        (await _processes.NextAsync("on-role-change of the Duck run")).Exit(0);

        var status = await WaitAsync(runner, s => s is { Converged: true, AppliedRole: NodeRole.Duck, Running: null }, "converged on Duck");
        Assert.Equal(6, status.Runs);
    }

    [Fact]
    public async Task A_missed_transition_converges_on_the_current_role_and_term()
    {
        var runner = await StartAsync(new NodeOptions { OnGoose = "take-vip" });
        _leadership.Change(NodeRole.Goose, 3);
        (await _processes.NextAsync("on-goose in term 3")).Exit(0);
        await WaitAsync(runner, s => s is { AppliedRole: NodeRole.Goose, AppliedTerm: 3 }, "Goose of term 3");

        // A split: this node lost the role and won it back in term 5; the Duck in between was never seen.
        _leadership.SetQuietly(NodeRole.Duck, 4, B);
        _leadership.Change(NodeRole.Goose, 5);

        var again = await _processes.NextAsync("on-goose for the new tenure");
        Assert.Equal(("5", "Goose"), (again.Env("DUCK_TERM"), again.Env("DUCK_PREVIOUS_ROLE")));
        again.Exit(0);
        await WaitAsync(runner, s => s is { Converged: true, AppliedTerm: 5 }, "Goose of term 5");
    }

    [Fact]
    public async Task A_hook_that_runs_too_long_is_killed_counted_and_retried()
    {
        var runner = await StartAsync(new NodeOptions { OnDuck = "hang", HookTimeoutMs = 5000 });
        var run = await _processes.NextAsync("on-duck at start");

        _time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(run.Token.IsCancellationRequested, "killed before the timeout");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var status = await WaitAsync(runner, s => s.Timeouts == 1 && s.NextRetryAt is not null, "timeout counted");
        Assert.True(run.Killed);
        Assert.Equal((1L, 1L, "on-duck ran longer than 5000 ms and was killed", (NodeRole?)null), (status.Runs, status.Failures, status.LastFailure, status.AppliedRole));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        (await _processes.NextAsync("the retry after the timeout")).Exit(0);
        await WaitAsync(runner, s => s.Converged, "converged after the retry");
    }

    [Fact]
    public async Task A_hook_that_cannot_start_is_counted_as_a_failure()
    {
        var runner = await StartAsync(new NodeOptions { OnDuck = "missing" });

        (await _processes.NextAsync("on-duck at start")).FailToStart();

        var status = await WaitAsync(runner, s => s.Failures == 1, "failure counted");
        Assert.Equal("on-duck could not run: No such file or directory", status.LastFailure);
        Assert.Null(status.LastExitCode);
    }

    [Fact]
    public async Task Stopping_kills_a_running_hook()
    {
        var runner = await StartAsync(new NodeOptions { OnDuck = "hang" });
        var run = await _processes.NextAsync("on-duck at start");

        await runner.StopAsync(Deadline());

        Assert.True(run.Killed, "the running hook was not killed on stop");
        Assert.Equal((1L, 0L, (string?)null), (runner.Status.Runs, runner.Status.Failures, runner.Status.Running));
    }

    [Fact]
    public async Task Without_hook_settings_nothing_runs()
    {
        var runner = await StartAsync(new NodeOptions());
        _leadership.Change(NodeRole.Goose, 1);

        await runner.StopAsync(Deadline());

        Assert.False(runner.Status.Enabled);
        Assert.False(_processes.HasStarted);
        Assert.Null(runner.Status.DesiredRole);
    }

    private async Task ConvergeOnDuckAtStartAsync(RoleHookRunner runner)
    {
        (await _processes.NextAsync("on-duck at start")).Exit(0);
        (await _processes.NextAsync("on-role-change at start")).Exit(0);
        await WaitAsync(runner, s => s is { Converged: true, AppliedRole: NodeRole.Duck }, "converged on Duck at start");
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
