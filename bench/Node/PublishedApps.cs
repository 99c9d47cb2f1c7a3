using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node;

/// <summary>
/// The two programs the benchmark measures, published as they are deployed: the node host with
/// <c>dotnet publish src/Host -c Release</c> (the README's systemd and container steps; ReadyToRun, Host.csproj)
/// and the bare baseline app the same way (its project publishes as the host does), each to a folder of its
/// own under <c>artifacts/bench/</c>. With <see cref="HostLocation.OverrideVariable"/> set, that host is
/// measured instead (for one build against another) and only the baseline is published.
/// </summary>
internal static class PublishedApps
{
    private static readonly string Root = Path.Combine(HostLocation.RepoRoot, "artifacts", "bench");

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    /// <summary>Publishes what is to be published and points the benchmark at it; returns how the node host was built, for the report.</summary>
    public static async Task<string> PublishAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMinutes(10);
        var given = Environment.GetEnvironmentVariable(HostLocation.OverrideVariable) is { Length: > 0 };
        string host;
        if (given)
        {
            host = $"the host at {HostLocation.HostDll} ({HostLocation.OverrideVariable})";
        }
        else
        {
            log.WriteLine("publishing the node host: dotnet publish src/Host -c Release ...");
            var dll = await DotnetPublish.RunAsync(
                Path.Combine("src", "Host"), ["-c", "Release", "-o", Path.Combine(Root, "host")], "published",
                Path.Combine(Root, "host", "DuckDuckGoose.Host.dll"), timeout, cancellationToken).ConfigureAwait(false);
            // Read by every launcher of nodes (LocalCluster, the failover lab and its controller process).
            Environment.SetEnvironmentVariable(HostLocation.OverrideVariable, dll);
            host = "the host published with `dotnet publish src/Host -c Release` (ReadyToRun)";
        }

        log.WriteLine("publishing the baseline app: dotnet publish bench/Node/Bare -c Release ...");
        MeasuredApp.BareDll = await DotnetPublish.RunAsync(
            Path.Combine("bench", "Node", "Bare"), ["-c", "Release", "-o", Path.Combine(Root, "bare")], "published",
            Path.Combine(Root, "bare", "DuckDuckGoose.Bench.Bare.dll"), timeout, cancellationToken).ConfigureAwait(false);
        // A publish compiles for a minute and leaves its files to be written back: the first rows (single
        // starts) measured right after it ran at 2.3× the bare app where they ran at 1.8× on a quiet machine.
        log.WriteLine($"letting the machine settle after publishing ({Settle.TotalSeconds:0} s) ...");
        await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
        return host + "; the baseline published the same way";
    }
}
