using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Storage;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>Starts in-process hosts in a known role.</summary>
public static class NodeFixtures
{
    /// <summary>
    /// A node "a" that founded a cluster of one, ticked past the longest election timeout the randomized
    /// timer can draw (2 × 15 ticks), so it is the Goose; its clock then stands still, so it stays one.
    /// </summary>
    public static async Task<NodeFactory> StartGooseAsync(string data, params (string Name, string Value)[] extra)
    {
        var settings = Settings(data);
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }

        var factory = new NodeFactory(settings);
        var node = factory.Node;
        for (var i = 0; i < 40; i++)
        {
            factory.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await node.WaitForGooseAsync(deadline.Token);
        return factory;
    }

    /// <summary>
    /// A node "a" in a three-node configuration whose peers are unreachable; its clock never moves, so it
    /// stays a Duck (Follower, term 0) and never sends anything.
    /// </summary>
    public static async Task<NodeFactory> StartDuckAsync(string data)
    {
        NodeIdFile.LoadOrCreate(data, "a");
        await new FileStateStore(data).SaveAsync(
            new DurableState(0, null, new Snapshot(1, 0, [new("a", "http://127.0.0.1:4001"), new("b", "http://127.0.0.1:9"), new("c", "http://127.0.0.1:9")]), []),
            CancellationToken.None);
        var factory = new NodeFactory(Settings(data));
        _ = factory.Node;
        return factory;
    }

    /// <summary>
    /// The settings of node "a" in <paramref name="data"/>. It does not leave the cluster when its host stops
    /// (<c>leave-timeout-ms</c> 0): its clock is fake and stands still, so a leave's bound would never pass,
    /// and its peers are not real. Leaving is tested with real processes (EndToEnd.Tests, GracefulLeaveTests).
    /// </summary>
    public static Dictionary<string, string?> Settings(string data) => new()
    {
        ["id"] = "a",
        ["data"] = data,
        ["port"] = "4001",
        ["leave-timeout-ms"] = "0",
    };
}
