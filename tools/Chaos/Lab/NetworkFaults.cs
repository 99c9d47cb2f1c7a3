using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>Loads each node namespace's nftables table (<see cref="NftRuleset"/>) for a fault state, touching only the namespaces whose table changes.</summary>
public sealed class NetworkFaults
{
    private readonly string?[] _loaded;

    /// <summary>For a lab of <paramref name="nodeCount"/> nodes; nothing is loaded until <see cref="ApplyAsync"/>.</summary>
    public NetworkFaults(int nodeCount)
    {
        _loaded = new string?[nodeCount];
    }

    /// <summary>Makes every node's table what <paramref name="state"/> asks for; the namespaces are updated concurrently, so the change lands in all at about the same moment.</summary>
    public async Task ApplyAsync(FaultState state, CancellationToken cancellationToken)
    {
        var updates = Enumerable.Range(0, _loaded.Length)
            .Select(node => (Node: node, Script: NftRuleset.Render(node, state)))
            .Where(u => u.Script != _loaded[u.Node])
            .Select(async u =>
            {
                await Command.CheckAsync("ip", ["netns", "exec", LabAddresses.NodeNamespace(u.Node), "nft", "-f", "-"], u.Script, cancellationToken)
                    .ConfigureAwait(false);
                _loaded[u.Node] = u.Script;
            });
        await Task.WhenAll(updates).ConfigureAwait(false);
    }
}
