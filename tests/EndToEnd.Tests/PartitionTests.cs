using System.Text.Json;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// A Goose cut off from the others by a fault-injecting test transport (<c>faulty-http</c> or
/// <c>faulty-zeromq</c>, a subclass each: they drop sends to the peers listed in the JSON file named by
/// <c>DDG_FAULTS_FILE</c>, re-read every 50 ms) stops reporting Goose when its lease runs out, while the
/// majority elects a new one; at no observation do two nodes report Goose, and pre-vote keeps the
/// isolated node's term from rising.
/// </summary>
public abstract class PartitionTests : IAsyncLifetime
{
    private const string FaultsFileVariable = "DDG_FAULTS_FILE";

    private readonly string _root = Directory.CreateTempSubdirectory("duckduckgoose-partition-").FullName;
    private readonly ClusterTransport _transport;
    private readonly ProcessCluster _cluster;

    private protected PartitionTests(ClusterTransport transport)
    {
        _transport = transport;
        _cluster = transport.NewCluster(
            faulty: true,
            rootDirectory: _root,
            nodeEnvironment: name => new Dictionary<string, string> { [FaultsFileVariable] = FaultsFile(name) });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Isolated_goose_stops_reporting_goose_while_the_majority_elects_a_new_one()
    {
        var old = await _cluster.StartAsync(3, NodeSettingsStyle.CommandLine, EndToEnd.Deadline, CancellationToken.None);
        var isolatedTerm = old.Status!.Term;
        var twoGeese = new List<string>();

        Isolate(old.Node);

        var after = await _cluster.WaitForAsync(
            $"[{_transport.FaultyName}] {old.Node.Name} (the Goose, term {isolatedTerm}) isolated: it reports Duck and the majority elects a new Goose",
            s =>
            {
                if (s.Geese.Count > 1)
                {
                    twoGeese.Add(s.Describe());
                }

                return s.Geese is [var goose] && goose.Node != old.Node && s[old.Node.Name].IsDuck;
            },
            EndToEnd.Deadline,
            CancellationToken.None);
        var next = after.Geese[0];
        Assert.True(twoGeese.Count == 0, $"[{_transport.FaultyName}] two nodes reported Goose at once: {string.Join(" / ", twoGeese)}");
        Assert.True(next.Status!.Term > isolatedTerm, $"[{_transport.FaultyName}] the new Goose is elected in a later term; seen: {after.Describe()}");

        // Still isolated, the old Goose stays a Duck, and pre-vote keeps it from raising its term.
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            var seen = await _cluster.ObserveAsync(CancellationToken.None);
            var isolated = seen[old.Node.Name].Status;
            Assert.True(isolated is not null && !seen[old.Node.Name].IsGoose && isolated.Term == isolatedTerm,
                $"[{_transport.FaultyName}] while isolated, {old.Node.Name} must answer Duck and stay at term {isolatedTerm}; seen: {seen.Describe()}");
            Assert.True(seen.Geese.Count <= 1, $"[{_transport.FaultyName}] two nodes reported Goose at once: {seen.Describe()}");
        }

        Heal();

        var healed = await _cluster.WaitForAsync(
            $"[{_transport.FaultyName}] link to {old.Node.Name} healed: all 3 agree on one Goose and {old.Node.Name} is a Duck",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node && s[old.Node.Name].IsDuck,
            EndToEnd.Deadline,
            CancellationToken.None);
        Assert.True(healed.Geese.Count == 1, $"[{_transport.FaultyName}] one Goose after healing; seen: {healed.Describe()}");
    }

    private string FaultsFile(string nodeName) => Path.Combine(_root, nodeName + ".faults.json");

    /// <summary>
    /// Cuts every link of <paramref name="node"/>: it drops all its sends, and every other node drops sends
    /// to it, named by the address the transport sends to (its HTTP URL, or its <c>tcp://</c> peer address).
    /// </summary>
    private void Isolate(NodeProcess node)
    {
        WriteFaults(node, ["*"]);
        foreach (var other in _cluster.Nodes.Where(n => n != node))
        {
            WriteFaults(other, [node.PeerAddress]);
        }
    }

    private void Heal()
    {
        foreach (var node in _cluster.Nodes)
        {
            WriteFaults(node, []);
        }
    }

    /// <summary>Writes a node's fault file atomically (temp file, then rename), as the plugin asks.</summary>
    private void WriteFaults(NodeProcess node, string[] blocked)
    {
        var path = FaultsFile(node.Name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(blocked));
        File.Move(temp, path, overwrite: true);
    }
}
