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

    /// <summary>NodeProcess.Kill freezes the node with SIGSTOP at once, then kills it and any children with SIGKILL.</summary>
    public override void Kill(int member) => _cluster.Nodes[member].Kill();

    public override void Restart(int member) => _cluster.Nodes[member].Start();

    public override async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override Uri Url(int member) => new(_cluster.Nodes[member].Url);
}
