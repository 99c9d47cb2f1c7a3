using System.Diagnostics;
using System.Text;

namespace DuckDuckGoose.LocalCluster;

/// <summary>Runs a process to completion, collecting its output, with a deadline.</summary>
internal static class ProcessRun
{
    /// <summary>
    /// Starts <paramref name="info"/> (which must redirect standard output and error) and returns its exit code and
    /// output; kills it and its children (SIGKILL) when it still runs after <paramref name="timeout"/>, and then
    /// returns a null exit code.
    /// </summary>
    public static async Task<HostExit> RunToExitAsync(ProcessStartInfo info, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // Returns once the process exited and both output streams are drained.
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new HostExit(null, Text(output));
        }

        return new HostExit(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
