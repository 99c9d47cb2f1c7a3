using System.Globalization;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Issue 4 §4: swapping by dropping plugins. One node of a 3-node HTTP cluster runs from its own plugins
/// folder holding copies of only the HttpTransport and RandomizedTimer folders. It is stopped; asked to
/// start with <c>--transport zeromq</c> it refuses (exit 2, naming the transports it found); once the
/// ZeroMqTransport folder (and for the timer variant the PriorityTimer folder) is copied in, it starts
/// with the new names and rejoins its cluster as the same member, without the host being rebuilt.
/// </summary>
public sealed class PluginSwapTests : IAsyncLifetime
{
    private const string AdminToken = "e2e-swap-token-91d3";

    private readonly ProcessCluster _cluster = EndToEnd.NewCluster(new ProcessClusterOptions
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        CommonSettings = new Dictionary<string, string>(TransportMigrationTests.CalmTiming) { ["admin-token"] = AdminToken },
    });

    private readonly AdminClients _clients = new(AdminToken);

    public Task InitializeAsync()
    {
        // Kept for reading the logs when the test fails; the test clears it once it passed.
        _cluster.KeepDirectory = true;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public Task Dropping_the_ZeroMqTransport_folder_lets_a_node_restart_on_zeromq_and_rejoin_without_rebuilding_the_host() =>
        SwapAsync(["ZeroMqTransport"], timer: null);

    [FactWhenPluginBundled("PriorityTimer")]
    public Task Dropping_the_ZeroMqTransport_and_PriorityTimer_folders_lets_a_node_restart_with_both_and_rejoin() =>
        SwapAsync(["ZeroMqTransport", "PriorityTimer"], timer: "priority");

    private async Task SwapAsync(IReadOnlyList<string> dropped, string? timer)
    {
        var hostDll = HostLocation.RequireHostDll();
        var hostBuilt = File.GetLastWriteTimeUtc(hostDll);
        var plugins = Path.Combine(_cluster.RootDirectory, "n3-plugins");
        BundledPlugins.CopyTo("HttpTransport", plugins);
        BundledPlugins.CopyTo("RandomizedTimer", plugins);

        var n1 = _cluster.AddNode();
        await _cluster.WaitForAgreedGooseAsync("n1 bootstraps and is Goose", 1, EndToEnd.Deadline, CancellationToken.None);
        _cluster.AddNode(joinVia: n1);
        var n3 = _cluster.AddNode(joinVia: n1, settings: new Dictionary<string, string> { ["plugins"] = plugins });
        var settled = await _cluster.WaitForAsync(
            "3 HTTP nodes (n3 with its own plugins folder: HttpTransport and RandomizedTimer) agree on one Goose",
            s => s.AgreedGoose(3) is not null,
            EndToEnd.Deadline,
            CancellationToken.None);
        var id = settled[n3.Name].Status!.Id;
        if (settled.AgreedGoose(3)!.Node == n3)
        {
            await GooseHandOver.StepDownAsync("n3 is Goose: it hands over to n1 before its restart", _clients.Admin(n3), settled[n1.Name].Status!.Id, () => { }, _cluster.DescribeLogs);
            await _cluster.WaitForAsync("n3 handed over: all agree on n1", s => s.AgreedGoose(3)?.Node == n1, EndToEnd.Deadline, CancellationToken.None);
        }

        Assert.True(await n3.StopAsync(EndToEnd.Deadline, CancellationToken.None), $"SIGTERM must stop n3 (it was killed instead).\n{n3.LogTail()}");
        var peerPort = FreePort.Next();
        var peer = $"tcp://127.0.0.1:{peerPort}";
        var zeromq = new Dictionary<string, string>
        {
            ["transport"] = "zeromq",
            ["peer-port"] = peerPort.ToString(CultureInfo.InvariantCulture),
        };

        // Before the folder is there, the name is unknown: the node stops at once and says what it found.
        n3.StartWith(n3.Launch.WithSettings(zeromq));
        Assert.True(await n3.WaitForExitAsync(EndToEnd.Deadline, CancellationToken.None),
            $"n3 started with --transport zeromq and no ZeroMqTransport folder must stop by itself.\n{n3.LogTail()}");
        var refusal = n3.LogTail(30);
        Assert.True(n3.ExitCode == 2, $"n3 without the ZeroMqTransport folder must exit with code 2, exited with {n3.ExitCode}; log:\n{refusal}");
        Assert.True(refusal.Contains("transport: 'zeromq'", StringComparison.Ordinal) && refusal.Contains("(found: http)", StringComparison.Ordinal),
            $"the refusal must name the wanted transport and the known ones (found: http); log:\n{refusal}");

        foreach (var folder in dropped)
        {
            BundledPlugins.CopyTo(folder, plugins);
        }

        var swapped = timer is null ? zeromq : new Dictionary<string, string>(zeromq) { ["timer"] = timer };
        n3.StartWith(n3.Launch.WithSettings(swapped));
        var back = await _cluster.WaitForAsync(
            $"n3 restarted after copying {string.Join(" and ", dropped)} into its plugins folder ({string.Join(" ", swapped.Select(s => $"--{s.Key} {s.Value}"))}): "
            + $"a Duck following the Goose, listed by every node at {peer}",
            s => s.AgreedGoose(3) is { } goose && goose.Node != n3 && s[n3.Name].IsDuck
                 && s.Answered.Count == 3
                 && s.Answered.All(p => p.Status!.Members.Any(m => m.Id == id && m.Peer == peer)),
            EndToEnd.Deadline,
            CancellationToken.None);
        Assert.True(back[n3.Name].Status!.Id == id, $"n3 keeps its id {id}; seen: {back.Describe()}");
        var running = $"runs with transport 'zeromq' and election timer '{timer ?? "randomized"}'";
        Assert.True(n3.LogTail(200).Contains(running, StringComparison.Ordinal), $"n3's log must say it {running}; log:\n{n3.LogTail(40)}");
        Assert.True(File.GetLastWriteTimeUtc(hostDll) == hostBuilt, $"the host {hostDll} must not have been rebuilt during the test");
        _cluster.KeepDirectory = false;
    }
}
