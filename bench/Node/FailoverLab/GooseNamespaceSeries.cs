using DuckDuckGoose.Chaos.Lab;
using DuckDuckGoose.Chaos.Probing;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>DuckDuckGoose nodes in the chaos lab's namespaces (<c>ddgc-n1</c>..<c>n3</c>, 10.88.0.1..3:4001), started as the chaos suite starts them.</summary>
internal sealed class GooseNamespaceSeries(string runDirectory) : GooseSeries
{
    private readonly ChaosNode[] _nodes = Enumerable.Range(0, 3)
        .Select(i => new ChaosNode(i, Path.Combine(runDirectory, "goose"), adminToken: null, new RunClock()) { Settings = Settings })
        .ToArray();

    public override string Label => "DuckDuckGoose, namespaces";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // n2 and n3 join through n1; their join retries until n1 answers.
        foreach (var node in _nodes)
        {
            node.Start();
        }

        return Task.CompletedTask;
    }

    public override void Kill(int member) => _nodes[member].Kill();

    public override void Restart(int member) => _nodes[member].Start();

    public override async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override Uri Url(int member) => LabAddresses.NodeUrl(member);
}
