using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// DuckDuckGoose nodes on loopback, as bench/Failover runs them (LocalCluster), but through the same trial
/// code and phase split as the namespaced series: the difference between the two is then the network
/// path alone, not the measuring.
/// </summary>
internal sealed class GooseLoopbackSeries : GooseSeries
{
    private readonly ProcessCluster _cluster = new(new ProcessClusterOptions
    {
        CommonSettings = new Dictionary<string, string>(Settings),
        StatusTimeout = TimeSpan.FromMilliseconds(250),
        PollInterval = TimeSpan.FromMilliseconds(20),
    });

    public override string Label => "DuckDuckGoose, loopback";

    public override Task StartAsync(CancellationToken cancellationToken) =>
        _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, TimeSpan.FromSeconds(60), cancellationToken);

    /// <summary>
    /// SIGKILL to the node's process alone, as in the other series. (NodeProcess.Kill kills the whole process
    /// tree, which .NET does by stopping the process with SIGSTOP, scanning /proc for its children, and only
    /// then sending SIGKILL.)
    /// </summary>
    public override void Kill(int member)
    {
        if (_cluster.Nodes[member].ProcessId is { } pid)
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public override void Restart(int member) => _cluster.Nodes[member].Start();

    public override async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override Uri Url(int member) => new(_cluster.Nodes[member].Url);
}
