using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// What a running node leaves out of its process, each cut measured in bench/Node's RSS row (README, Memory):
/// the culture data (libicu; the host runs with invariant globalization), QUIC and the IIS integration (the
/// slim builder), a file watcher for the configuration (the node reads its settings once), and MVC. Read from
/// <c>/proc/&lt;pid&gt;/maps</c> and the process's thread names once the node serves as the Goose of its own cluster.
/// </summary>
public sealed class LeanNodeTests : IAsyncDisposable
{
    private static readonly string[] NotMapped =
    [
        "Microsoft.AspNetCore.Server.IIS.dll",
        "Microsoft.AspNetCore.Server.Kestrel.Transport.Quic.dll",
        "System.Net.Quic.dll",
        "System.IO.FileSystem.Watcher.dll",
    ];

    private readonly ProcessCluster _cluster = EndToEnd.NewCluster();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [FactOnLinux]
    public async Task A_serving_node_maps_no_ICU_QUIC_IIS_or_MVC_and_runs_no_file_watcher()
    {
        var node = _cluster.AddNode();
        await _cluster.WaitForAgreedGooseAsync("a node alone founds its cluster and serves", 1, EndToEnd.Deadline, CancellationToken.None);
        var pid = node.ProcessId ?? throw new InvalidOperationException($"{node.Name} exited; log: {node.LogTail()}");

        var mapped = ProcStats.ReadMappedFileNames(pid);
        var threads = ProcStats.ReadThreadNames(pid);

        var unwanted = mapped
            .Where(file => file.StartsWith("libicu", StringComparison.Ordinal)
                || file.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal)
                || NotMapped.Contains(file, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unwanted.Count == 0, $"{node.Name} maps {string.Join(", ", unwanted)}");
        Assert.True(mapped.Contains("DuckDuckGoose.Host.dll"), $"the maps read are not a node's: {string.Join(", ", mapped.Order(StringComparer.Ordinal))}");
        Assert.DoesNotContain(threads, name => name.Contains("File Watch", StringComparison.Ordinal));
    }
}
