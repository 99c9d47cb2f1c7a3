using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Cluster;

/// <summary>
/// Starts a local cluster the way the README does by hand (the first node bootstraps, the others join
/// it with DUCK_JOIN), then polls every node's /status and prints a line whenever the Goose or a node's
/// role changes. Keys (when stdin is a terminal): k kills the Goose with SIGKILL, r restarts dead nodes
/// on their data directories, a adds a node, q quits.
/// </summary>
internal sealed class ClusterDemo : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly ProcessCluster _cluster;
    private string? _lastView;

    public ClusterDemo(DemoOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
        _cluster = new ProcessCluster(new ProcessClusterOptions
        {
            FirstPreferredPort = 4001,
            StatusTimeout = TimeSpan.FromMilliseconds(500),
        })
        {
            KeepDirectory = options.Keep,
        };
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            _out.WriteLine($"DuckDuckGoose: starting a local cluster of {_options.Nodes} nodes; data and logs in {_cluster.RootDirectory}");
            var first = Started(_cluster.AddNode(NodeSettingsStyle.Environment));
            await _cluster.WaitForAgreedGooseAsync($"first node {first.Name} bootstraps and becomes Goose", 1, StartDeadline, cancellationToken);
            for (var i = 1; i < _options.Nodes; i++)
            {
                Started(_cluster.AddNode(NodeSettingsStyle.Environment, first));
            }

            // Keys only once the cluster is whole: a kill before the others joined leaves them out for good.
            await _cluster.WaitForAgreedGooseAsync($"{_options.Nodes} nodes joined and agree on one Goose", _options.Nodes, StartDeadline, cancellationToken);
            await LiveAsync(cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (ClusterWaitTimeoutException e)
        {
            _cluster.KeepDirectory = true;
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var running = _cluster.Running.Count;
        await _cluster.DisposeAsync();
        _out.WriteLine(_options.Keep || _cluster.KeepDirectory
            ? $"Stopped {running} running node(s); kept data and logs in {_cluster.RootDirectory}"
            : $"Stopped {running} running node(s) and removed {_cluster.RootDirectory}");
    }

    private static bool KeysAvailable()
    {
        if (Console.IsInputRedirected)
        {
            return false;
        }

        try
        {
            _ = Console.KeyAvailable;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Word(StatusProbe probe) => probe.Status switch
    {
        null when probe.Node.IsRunning => "no answer",
        null => "down",
        { State: NodeState.Candidate } => "Duck (candidate)",
        { Role: NodeRole.Duck, State: NodeState.Leader } => "Duck (leader, lease lapsed)",
        { } s => s.Role.ToString(),
    };

    private async Task LiveAsync(CancellationToken cancellationToken)
    {
        var keys = KeysAvailable();
        _out.WriteLine(keys
            ? "Keys: k = kill -9 the Goose, r = restart dead nodes, a = add a node, q = quit (Ctrl+C also stops everything)"
            : "stdin is not a terminal, so no keys: live view only; Ctrl+C or SIGTERM stops everything");
        while (true)
        {
            var snapshot = await _cluster.ObserveAsync(cancellationToken);
            Show(snapshot);
            while (keys && Console.KeyAvailable)
            {
                if (!Handle(Console.ReadKey(intercept: true).KeyChar, snapshot))
                {
                    return;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private void Show(ClusterSnapshot snapshot)
    {
        var geese = snapshot.Geese;
        var goose = geese switch
        {
            [] => "no Goose",
            [var g] => $"Goose: {g.Node.Name} (term {g.Status!.Term}, members {g.Status.MemberCount})",
            _ => $"{geese.Count} GEESE: {string.Join(", ", geese.Select(g => g.Node.Name))} (a bug)",
        };
        var nodes = string.Join(" | ", snapshot.Probes.Select(p => $"{p.Node.Name} {Word(p)}"));
        var view = $"{goose,-36} {nodes}";
        if (view != _lastView)
        {
            _lastView = view;
            _out.WriteLine($"{DateTime.Now:HH:mm:ss.fff}  {view}");
        }
    }

    private bool Handle(char key, ClusterSnapshot snapshot)
    {
        switch (char.ToLowerInvariant(key))
        {
            case 'k' when snapshot.Geese is [var goose] && goose.Node.ProcessId is { } pid:
                goose.Node.Kill();
                _out.WriteLine($"> killed {goose.Node.Name} (the Goose, pid {pid}) with SIGKILL");
                break;
            case 'k':
                _out.WriteLine("> no single Goose to kill right now");
                break;
            case 'r':
                var dead = _cluster.Nodes.Where(n => !n.IsRunning).ToList();
                foreach (var node in dead)
                {
                    node.Start();
                    _out.WriteLine($"> restarted {node.Name} on its data directory {node.DataDirectory}");
                }

                if (dead.Count == 0)
                {
                    _out.WriteLine("> no dead nodes to restart");
                }

                break;
            case 'a':
                var via = snapshot.Geese is [var current] ? current.Node : _cluster.Running.FirstOrDefault();
                if (via is null)
                {
                    _out.WriteLine("> no running node to join through; press r first");
                    break;
                }

                Started(_cluster.AddNode(NodeSettingsStyle.Environment, via));
                break;
            case 'q':
                return false;
            default:
                _out.WriteLine("> keys: k = kill -9 the Goose, r = restart dead nodes, a = add a node, q = quit");
                break;
        }

        return true;
    }

    private NodeProcess Started(NodeProcess node)
    {
        var join = node.Launch.Join is { } j ? $" DUCK_JOIN={j}" : string.Empty;
        _out.WriteLine($"  started {node.Name}: DUCK_PORT={node.Port}{join} DUCK_DATA={node.DataDirectory}  ({node.Url}/status, log {node.LogPath})");
        return node;
    }
}
