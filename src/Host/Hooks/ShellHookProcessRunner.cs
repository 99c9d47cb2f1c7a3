using System.ComponentModel;
using System.Diagnostics;
using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host.Hooks;

/// <summary>
/// Runs a hook through the platform shell: <c>/bin/sh -c "command"</c>, or <c>cmd /d /s /c "command"</c> on
/// Windows, with standard input closed and both output streams read line by line.
/// </summary>
public sealed class ShellHookProcessRunner : IHookProcessRunner
{
    // After the shell exits, how long its output may still take to drain. A hook that starts a background
    // program (`myservice &`) hands it the output pipes; the hook is over when the shell exits, not when
    // that program closes them.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<int> RunAsync(HookProcessRequest request, Action<HookOutputLine> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        cancellationToken.ThrowIfCancellationRequested();

        var process = new Process { StartInfo = StartInfo(request) };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.StandardInput.Close();
        var reading = Task.WhenAll(
            PumpAsync(process.StandardOutput, isError: false, output),
            PumpAsync(process.StandardError, isError: true, output));
        try
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            return process.ExitCode;
        }
        finally
        {
            // Dispose once the output has drained or the grace is over, whichever comes first.
            await Task.WhenAny(reading, Task.Delay(OutputGrace, CancellationToken.None)).ConfigureAwait(false);
            process.Dispose();
        }
    }

    /// <summary>Removes the host's own settings (<c>DUCK_*</c>) from a child's environment, so a hook does not inherit them.</summary>
    internal static void RemoveNodeSettings(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith(DuckEnvironmentConfigurationProvider.Prefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(name);
        }
    }

    private static ProcessStartInfo StartInfo(HookProcessRequest request)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = "cmd.exe";
            start.Arguments = $"/d /s /c \"{request.CommandLine}\"";
        }
        else
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(request.CommandLine);
        }

        RemoveNodeSettings(start.Environment);
        foreach (var (name, value) in request.Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited, or a child could not be signalled; the wait for exit that follows decides.
        }
    }

    private static async Task PumpAsync(StreamReader reader, bool isError, Action<HookOutputLine> output)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                output(new HookOutputLine(line, isError));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The process was disposed after the grace period while a background program kept the pipe.
        }
    }
}
