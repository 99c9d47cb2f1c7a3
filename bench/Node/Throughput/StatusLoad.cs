using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DuckDuckGoose.Bench.Node.Throughput;

/// <summary>
/// Saturates one URL with <c>wrk -t2 -c64 -d10s</c> when wrk is installed (the figure issue 10 quotes),
/// else with <see cref="HttpLoadGenerator"/> at the same 64 connections for the same 10 s. The benchmark
/// does not install wrk itself: a measurement should not change the machine it measures, and the row
/// names the tool, so a figure from the fallback is never mistaken for a wrk figure.
/// </summary>
internal static partial class StatusLoad
{
    public const int Connections = 64;
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public const string InstallHint = "apt-get install wrk";

    /// <summary>wrk's full path, or null when it is not installed.</summary>
    public static string? Wrk { get; } = new[] { "/usr/bin", "/usr/local/bin" }
        .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        .Select(folder => Path.Combine(folder, "wrk"))
        .FirstOrDefault(File.Exists);

    public static Task<LoadResult> RunAsync(string url, CancellationToken cancellationToken) =>
        Wrk is { } wrk ? RunWrkAsync(wrk, url, cancellationToken) : HttpLoadGenerator.RunAsync(url, Connections, Duration, cancellationToken);

    private static async Task<LoadResult> RunWrkAsync(string wrk, string url, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(wrk) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", $"-c{Connections}", $"-d{Duration.TotalSeconds:0}s", url })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await output;
        if (process.ExitCode != 0 || RequestsLine().Match(text) is not { Success: true } requests)
        {
            throw new InvalidOperationException($"wrk failed (exit code {process.ExitCode}): {text} {await error}".Trim());
        }

        // "640000 requests in 10.00s, ..." then, when any, "Non-2xx or 3xx responses: N" and "Socket errors: connect A, read B, write C, timeout D".
        var total = long.Parse(requests.Groups["n"].Value, CultureInfo.InvariantCulture);
        var seconds = double.Parse(requests.Groups["s"].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccessLine().Match(text) is { Success: true } non ? long.Parse(non.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        if (SocketErrorsLine().Match(text) is { Success: true } socket)
        {
            errors += new[] { "c", "r", "w", "t" }.Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture));
        }

        return new LoadResult("wrk -t2 -c64 -d10s", total - Math.Min(total, errors), errors, TimeSpan.FromSeconds(seconds));
    }

    [GeneratedRegex(@"(?<n>\d+) requests in (?<s>[\d.]+)s")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<n>\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (?<c>\d+), read (?<r>\d+), write (?<w>\d+), timeout (?<t>\d+)")]
    private static partial Regex SocketErrorsLine();
}
