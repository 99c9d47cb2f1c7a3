using System.Diagnostics;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests;

/// <summary>The real host process: bad settings stop the start with plain messages on stderr and a non-zero exit code.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunHostAsync(IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _work.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DuckDuckGoose.Host.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DUCK_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The host did not exit within 60 s with arguments [{string.Join(' ', args)}]; stdout so far: {await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

    [Fact]
    public async Task Invalid_settings_are_printed_to_stderr_and_the_exit_code_is_non_zero()
    {
        var (exitCode, stdout, stderr) = await RunHostAsync(new Dictionary<string, string>(), "--port", "70000", "--bind", "nowhere", "--data", _work.Combine("data"));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            ["port: '70000' is not a TCP port (1-65535)", "bind: 'nowhere' is not an IP address or 'localhost'"],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        AssertNoStackTrace(stdout + stderr);
        Assert.False(Directory.Exists(_work.Combine("data")), "nothing was written for a refused start");
    }

    [Fact]
    public async Task An_unknown_switch_is_named()
    {
        var (exitCode, _, stderr) = await RunHostAsync(new Dictionary<string, string>(), "--heartbeat", "40");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("--heartbeat: unknown setting; known settings: port,", stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duck_variables_are_read_and_unprefixed_ones_are_not()
    {
        var environment = new Dictionary<string, string> { ["PORT"] = "99999", ["DUCK_HEARTBEAT_MS"] = "abc" };

        var (exitCode, _, stderr) = await RunHostAsync(environment);

        Assert.Equal(2, exitCode);
        Assert.Equal("heartbeat-ms: 'abc' is not a whole number", stderr.Trim());
    }

    [Fact]
    public async Task An_unknown_transport_name_lists_the_transports_found()
    {
        var (exitCode, stdout, stderr) = await RunHostAsync(new Dictionary<string, string>(), "--transport", "pigeon", "--data", _work.Combine("data"));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"transport: 'pigeon' is not a transport found in the plugins under {Path.Combine(AppContext.BaseDirectory, "plugins")} (found: http)",
            stderr.Trim());
        AssertNoStackTrace(stdout + stderr);
        Assert.False(File.Exists(_work.Combine("data", FileStateStore.FileName)), "no state is written before the plugins are settled");
    }

    [Fact]
    public async Task A_data_directory_of_another_node_is_refused()
    {
        var data = _work.Combine("data");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "node-id"), "alpha");

        var (exitCode, stdout, stderr) = await RunHostAsync(new Dictionary<string, string>(), "--id", "beta", "--data", data);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("id: 'beta' does not match the id 'alpha' kept in", stderr.Trim(), StringComparison.Ordinal);
        AssertNoStackTrace(stdout + stderr);
    }
}
