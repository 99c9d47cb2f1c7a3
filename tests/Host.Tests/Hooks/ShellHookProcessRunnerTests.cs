using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Hooks;

/// <summary>The real runner with real processes (/bin/sh); deadlines are generous and nothing sleeps to wait.</summary>
public sealed class ShellHookProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ShellHookProcessRunner _runner = new();
    private readonly ConcurrentQueue<HookOutputLine> _lines = new();

    public void Dispose() => _directory.Dispose();

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static HookProcessRequest Request(string command, Dictionary<string, string>? environment = null) =>
        new("on-goose", command, environment ?? []);

    [Fact]
    public async Task The_hook_sees_its_variables()
    {
        var file = Path.Combine(_directory.Path, "role.txt");
        var environment = new Dictionary<string, string> { ["DUCK_ROLE"] = "Goose", ["DUCK_TERM"] = "7", ["OUT"] = file };

        var exitCode = await _runner.RunAsync(Request("echo $DUCK_ROLE $DUCK_TERM > \"$OUT\"", environment), _lines.Enqueue, Deadline());

        Assert.Equal(0, exitCode);
        Assert.Equal("Goose 7\n", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Output_lines_are_passed_on_and_the_exit_code_returned()
    {
        var exitCode = await _runner.RunAsync(Request("echo out; echo err >&2; exit 3"), _lines.Enqueue, Deadline());

        Assert.Equal(3, exitCode);
        Assert.Equal([new HookOutputLine("out", false), new HookOutputLine("err", true)], _lines.OrderBy(l => l.IsError));
    }

    [Fact]
    public async Task Cancelling_kills_the_whole_process_tree()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        // The shell starts a child and prints its pid; both must die.
        var run = _runner.RunAsync(
            Request("sleep 120 & echo $!; wait"),
            line => started.TrySetResult(int.Parse(line.Text, CultureInfo.InvariantCulture)),
            cancel.Token);
        var pid = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(IsRunning(pid), "the child sleep should be running before the kill");

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the kill took {clock.Elapsed}");
        while (IsRunning(pid))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"child {pid} still runs {clock.Elapsed} after the kill");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    [Fact]
    public async Task A_background_program_holding_the_output_does_not_hold_the_hook()
    {
        var clock = Stopwatch.StartNew();
        var pidFile = Path.Combine(_directory.Path, "pid");

        var exitCode = await _runner.RunAsync(Request($"sleep 120 & echo $! > '{pidFile}'; echo done"), _lines.Enqueue, Deadline());

        Assert.Equal(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the hook took {clock.Elapsed}, as long as its background program");
        Assert.Contains(new HookOutputLine("done", false), _lines);
        Process.GetProcessById(int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture)).Kill();
    }

    [Fact]
    public void The_hosts_own_settings_are_not_inherited()
    {
        var environment = new Dictionary<string, string?> { ["DUCK_PORT"] = "4001", ["duck_join"] = "x:1", ["PATH"] = "/bin", ["DUCKLING"] = "1" };

        ShellHookProcessRunner.RemoveNodeSettings(environment);

        Assert.Equal(["DUCKLING", "PATH"], environment.Keys.Order(StringComparer.Ordinal));
    }

    // A killed child whose parent is gone may stay a zombie until the container's init reaps it: dead all the same.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
