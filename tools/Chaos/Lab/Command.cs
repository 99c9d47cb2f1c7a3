using System.Diagnostics;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>Runs <c>ip</c> and <c>nft</c>: short commands whose failure is worth a clear message.</summary>
public static class Command
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The full path of <paramref name="name"/> on PATH or in the sbin folders (a non-login root shell may lack
    /// them on PATH), or null when it is nowhere.
    /// </summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var folders = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>, feeding <paramref name="input"/> to its standard input.</summary>
    public static async Task<CommandResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        string? input = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(Find(file) ?? file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, "", $"{file} {string.Join(' ', arguments)} still ran after {(timeout ?? DefaultTimeout).TotalSeconds:0} s and was killed");
        }

        return new CommandResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>Like <see cref="RunAsync"/>, but throws with the command and its error output when it fails.</summary>
    public static async Task<string> CheckAsync(
        string file,
        IEnumerable<string> arguments,
        string? input = null,
        CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(file, list, input, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"`{file} {string.Join(' ', list)}` failed with exit code {result.ExitCode}: {result.Error.Trim()}"
                + (input is null ? "" : $"\ninput was:\n{input}"));
        }

        return result.Output;
    }
}
