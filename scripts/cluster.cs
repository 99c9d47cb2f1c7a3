#:project ../tools/LocalCluster/LocalCluster.csproj

// Quick start: a local cluster of node processes and a live table of who is Goose.
//   dotnet run scripts/cluster.cs                      3 nodes, live view until Ctrl+C or q
//   dotnet run scripts/cluster.cs -- --nodes 5
//   dotnet run scripts/cluster.cs -- --duration 5      non-interactive (CI): print the table a few times, stop
//   dotnet run scripts/cluster.cs -- --tls             mutual TLS with a throwaway CA made for this run
// The admin token, when DUCK_ADMIN_TOKEN is set, is given to every node and sent by the typed client.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

const string usage = """
    usage: dotnet run scripts/cluster.cs [-- options]

    Starts a local cluster of node processes on loopback (ports 4001, 4002, ... when free; data and logs in a
    fresh temp folder) and shows it live: node, id, URL, role, state, term, the Goose each node knows, and,
    from the Goose's GET /cluster, whether each member votes and how long ago the Goose last heard from it.
    Ctrl+C (or q) stops every node.

    options:
      --nodes N         number of nodes, 1..9 (default 3)
      --duration S      run non-interactively for S seconds (1..3600): start, print the table every second,
                        check the cluster still agrees on one Goose, stop; exit 0, or 1 with a message
      --short           the same as --duration 5 (what CI runs)
      --keep            keep the data and log folder after stopping
      --tls             mutual TLS: make a throwaway CA, a certificate per node (127.0.0.1, localhost) and one
                        for this script in the run's folder, and run every node on https with tls-cert-file,
                        tls-key-file and tls-ca-file; with a host that has cluster-secret, also a random one
      --help            this text

    keys (interactive, when stdin and stdout are a terminal):
      k  kill -9 the Goose          r  restart dead nodes on their data directories
      s  step-down through the admin API (to the most up-to-date member)
      a  add a node                 q  quit

    environment:
      DUCK_ADMIN_TOKEN  the admin token (16+ characters): given to every node started here and sent by the
                        typed client on state-changing calls (step-down)
      DUCK_CLUSTER_SECRET  passed on to every node when the host has the cluster-secret setting (--tls makes
                        a random one when it is not set)
    """;

var nodeCount = 3;
int? duration = null;
var keep = false;
var tls = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(usage);
            return 0;
        case "--nodes" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out nodeCount) && nodeCount is >= 1 and <= 9:
            i++;
            break;
        case "--duration" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600:
            duration = seconds;
            i++;
            break;
        case "--short":
            duration = 5;
            break;
        case "--keep":
            keep = true;
            break;
        case "--tls":
            tls = true;
            break;
        default:
            Console.Error.WriteLine($"cluster.cs: unknown or invalid argument '{args[i]}'");
            Console.Error.WriteLine(usage);
            return 2;
    }
}

var startDeadline = TimeSpan.FromSeconds(90);
var adminToken = Environment.GetEnvironmentVariable(DuckApiClientOptions.AdminTokenVariable) is { Length: > 0 } t ? t : null;
var interactive = duration is null && !Console.IsInputRedirected && !Console.IsOutputRedirected;
var view = new LiveView(interactive);

using var shutdown = new ShutdownSignal();

// The nodes do not inherit DUCK_* variables from here (LocalCluster scrubs them), so pass the token and the
// cluster secret on; --tls makes a secret for the run when none is given.
var environment = new Dictionary<string, string>();
if (adminToken is not null)
{
    environment[DuckApiClientOptions.AdminTokenVariable] = adminToken;
}

const string clusterSecretVariable = "DUCK_CLUSTER_SECRET";
var clusterSecret = Environment.GetEnvironmentVariable(clusterSecretVariable) is { Length: > 0 } cs ? cs : null;
if (clusterSecret is not null || tls)
{
    // 32 random bytes as hex: a secret made for this run only, like its CA.
    environment[clusterSecretVariable] = clusterSecret ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

var root = tls ? Directory.CreateTempSubdirectory("duckduckgoose-tls-").FullName : null;
var cluster = new ProcessCluster(new ProcessClusterOptions
{
    FirstPreferredPort = 4001,
    StatusTimeout = TimeSpan.FromMilliseconds(500),
    CommonEnvironment = environment,
    RootDirectory = root,
    Certificates = root is null ? null : ClusterCertificates.Create(Path.Combine(root, "tls")),
})
{
    KeepDirectory = keep,
};
var clients = new Dictionary<string, IDuckApi>();
var exitCode = 0;
try
{
    Console.WriteLine($"cluster.cs: starting {nodeCount} node(s); data and logs in {cluster.RootDirectory}"
                      + (adminToken is null ? "" : "; admin token from DUCK_ADMIN_TOKEN")
                      + (tls ? "; mutual TLS" : ""));
    var first = Started(cluster.AddNode(NodeSettingsStyle.Environment));
    await cluster.WaitForAgreedGooseAsync($"first node {first.Name} bootstraps a cluster of one and becomes Goose", 1, startDeadline, shutdown.Token);
    for (var i = 1; i < nodeCount; i++)
    {
        Started(cluster.AddNode(NodeSettingsStyle.Environment, first));
    }

    // Keys only once the cluster is whole: a kill before the others joined would leave them out for good.
    var goose = await cluster.WaitForAgreedGooseAsync($"{nodeCount} nodes joined and agree on one Goose", nodeCount, startDeadline, shutdown.Token);
    Console.WriteLine($"cluster.cs: {goose.Node.Name} is the Goose of {nodeCount} node(s)");
    var url = cluster.Nodes[0].Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
    if (cluster.Nodes[0].Tls is not null)
    {
        var ca = Path.Combine(cluster.RootDirectory, "tls", "ca.pem");
        Console.WriteLine($"""
            cluster.cs: mutual TLS with a CA made for this run ({ca}); peers need a certificate it issued.
              Swagger UI: {url}/swagger (the browser does not know this CA: accept its warning, or import ca.pem
                          as an authority; no client certificate is needed for the admin API)
              curl:       curl --cacert {ca} {url}/status
              as a peer:  curl --cacert {ca} --cert {Path.Combine(cluster.RootDirectory, "tls", "n1.pem")} --key {Path.Combine(cluster.RootDirectory, "tls", "n1.key")} ... (without: 403)
            """ + (clusterSecret is not null ? $"\n  cluster secret: {clusterSecretVariable} given to every node (made for this run unless you set it): peer messages are signed" : ""));
    }
    else
    {
        // Where to look while it runs: any node answers these, a Duck passing admin calls on to the Goose.
        Console.WriteLine($"cluster.cs: dashboard {url}/dashboard, Swagger UI {url}/swagger, metrics {url}/metrics");
    }

    exitCode = duration is { } d ? await RunForAsync(TimeSpan.FromSeconds(d), shutdown.Token) : await RunLiveAsync(shutdown.Token);
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    exitCode = duration is null ? 0 : 130;
}
catch (ClusterWaitTimeoutException e)
{
    cluster.KeepDirectory = true;
    Console.Error.WriteLine($"cluster.cs: FAILED: {e.Message}");
    exitCode = 1;
}
finally
{
    var running = cluster.Running.Count;
    await cluster.DisposeAsync();
    Console.WriteLine(cluster.KeepDirectory
        ? $"cluster.cs: stopped {running} running node(s); kept data and logs in {cluster.RootDirectory}"
        : $"cluster.cs: stopped {running} running node(s) and removed {cluster.RootDirectory}");
}

return exitCode;

// Non-interactive: the table every second for the duration, then the cluster must still agree on one Goose.
async Task<int> RunForAsync(TimeSpan length, CancellationToken cancellationToken)
{
    var end = DateTime.UtcNow + length;
    while (DateTime.UtcNow < end)
    {
        view.Print(await ReadTableAsync(cancellationToken));
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
    }

    var settled = await cluster.WaitForAgreedGooseAsync($"after {length.TotalSeconds:0} s the {nodeCount} nodes still agree on one Goose", nodeCount, TimeSpan.FromSeconds(30), cancellationToken);
    Console.WriteLine($"cluster.cs: OK: {settled.Node.Name} is the Goose (term {settled.Status!.Term}) after {length.TotalSeconds:0} s");
    return 0;
}

// Interactive: the table redrawn in place four times a second; keys act on the cluster.
async Task<int> RunLiveAsync(CancellationToken cancellationToken)
{
    var keys = interactive;
    view.Note(keys
        ? "keys: k = kill -9 the Goose, r = restart dead nodes, s = step-down, a = add a node, q = quit (Ctrl+C also stops everything)"
        : "stdin or stdout is not a terminal: no keys, the table is printed when it changes; Ctrl+C or SIGTERM stops everything");
    while (true)
    {
        var table = await ReadTableAsync(cancellationToken);
        view.Show(table);
        while (keys && Console.KeyAvailable)
        {
            if (!Handle(Console.ReadKey(intercept: true).KeyChar, table, cancellationToken))
            {
                return 0;
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
    }
}

bool Handle(char key, Table table, CancellationToken cancellationToken)
{
    var geese = table.Snapshot.Geese;
    switch (char.ToLowerInvariant(key))
    {
        case 'k' when geese is [var goose] && goose.Node.ProcessId is { } pid:
            goose.Node.Kill();
            view.Note($"killed {goose.Node.Name} (the Goose, pid {pid}) with SIGKILL; r restarts it");
            break;
        case 'r':
            var dead = cluster.Nodes.Where(n => !n.IsRunning).ToList();
            foreach (var node in dead)
            {
                node.Start();
                view.Note($"restarted {node.Name} on its data directory");
            }

            if (dead.Count == 0)
            {
                view.Note("no dead node to restart");
            }

            break;
        case 's' when geese is [var goose]:
            _ = StepDownAsync(goose.Node, cancellationToken);
            break;
        case 'k' or 's':
            view.Note("no single Goose right now");
            break;
        case 'a':
            var via = geese is [var current] ? current.Node : cluster.Running.FirstOrDefault();
            if (via is null)
            {
                view.Note("no running node to join through; press r first");
                break;
            }

            Started(cluster.AddNode(NodeSettingsStyle.Environment, via));
            break;
        case 'q':
            return false;
        default:
            view.Note("keys: k = kill -9 the Goose, r = restart dead nodes, s = step-down, a = add a node, q = quit");
            break;
    }

    return true;
}

async Task StepDownAsync(NodeProcess goose, CancellationToken cancellationToken)
{
    view.Note($"asking {goose.Name} to step down (POST /cluster/step-down)...");
    try
    {
        var result = await Client(goose).StepDownAsync(new StepDownRequest(), cancellationToken);
        view.Note($"step-down: {NameOf(result.PreviousGoose)} handed over to {NameOf(result.Goose)} in {result.ElapsedMs:0.0} ms (term {result.Term})");
    }
    catch (DuckApiException e)
    {
        view.Note($"step-down refused: {e.Message}" + (e.Problem?.Type is { } type ? $" [{type}]" : ""));
    }
    catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase or TaskCanceledException && !cancellationToken.IsCancellationRequested)
    {
        view.Note($"step-down failed: {e.Message}");
    }
}

async Task<Table> ReadTableAsync(CancellationToken cancellationToken)
{
    var snapshot = await cluster.ObserveAsync(cancellationToken);
    ClusterView? seenByGoose = null;
    if (snapshot.Geese is [var goose])
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            seenByGoose = await Client(goose.Node).GetClusterAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase or DuckApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The Goose died or stepped down since its /status: the table shows no last-heard column this time.
        }
    }

    return new Table(snapshot, seenByGoose);
}

IDuckApi Client(NodeProcess node)
{
    lock (clients)
    {
        if (!clients.TryGetValue(node.Url, out var client))
        {
            client = DuckApiClient.Create(new Uri(node.Url), adminToken, node.CreateHandler());
            clients[node.Url] = client;
        }

        return client;
    }
}

string NameOf(Member member) => cluster.Nodes.FirstOrDefault(n => n.Url == member.Url || new Uri(n.Url).Port == new Uri(member.Url).Port)?.Name ?? member.Id;

NodeProcess Started(NodeProcess node)
{
    var join = node.Launch.Join is { } j ? $" DUCK_JOIN={j}" : string.Empty;
    view.Note($"started {node.Name}: DUCK_PORT={node.Port}{join} (log {node.LogPath})");
    return node;
}

/// <summary>What the nodes answered at about one moment, and the Goose's view of the members.</summary>
internal sealed record Table(ClusterSnapshot Snapshot, ClusterView? SeenByGoose)
{
    private static readonly string[] Headings = ["node", "id", "url", "role", "state", "term", "goose", "voter", "heard"];

    /// <summary>The heading line and one line per node; without the ever-changing last-heard column when <paramref name="withHeard"/> is false.</summary>
    public IReadOnlyList<string> Lines(bool withHeard = true)
    {
        var rows = new List<string[]> { Headings };
        foreach (var probe in Snapshot.Probes)
        {
            var member = SeenByGoose?.Members.FirstOrDefault(m => m.Id == probe.Status?.Id || m.Url == probe.Node.Url);
            var s = probe.Status;
            rows.Add(
            [
                probe.Node.Name,
                s?.Id ?? member?.Id ?? "-",
                probe.Node.Url,
                s is null ? (probe.Node.IsRunning ? "no answer" : "down") : s.Role == NodeRole.Goose ? "GOOSE" : "Duck",
                s?.State.ToString() ?? "-",
                s?.Term.ToString(CultureInfo.InvariantCulture) ?? "-",
                s is null ? "-" : Snapshot.NameOf(s.Goose),
                member is null ? "-" : member.Voter ? "yes" : "no",
                member?.LastHeardMs is { } ms && withHeard ? $"{ms} ms" : "-",
            ]);
        }

        var widths = Enumerable.Range(0, Headings.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var lines = rows.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).ToList();
        var geese = Snapshot.Geese;
        lines.Insert(0, geese switch
        {
            [] => "no Goose right now",
            [var g] => $"Goose: {g.Node.Name} (term {g.Status!.Term}, {g.Status.MemberCount} voting members)",
            _ => $"{geese.Count} nodes answered Goose: {string.Join(", ", geese.Select(g => g.Node.Name))} (probes are not simultaneous; a lasting one is a bug)",
        });
        return lines;
    }
}

/// <summary>Draws the table: in place on a terminal (with the latest notes under it), or appended to the output.</summary>
internal sealed class LiveView(bool inPlace)
{
    private readonly Lock _gate = new();
    private readonly List<string> _notes = [];
    private int _drawnLines;
    private string? _lastShown;

    public void Note(string text)
    {
        var line = $"{DateTime.Now:HH:mm:ss.fff}  {text}";
        lock (_gate)
        {
            if (!inPlace)
            {
                Console.WriteLine(line);
                return;
            }

            _notes.Add(line);
            if (_notes.Count > 8)
            {
                _notes.RemoveAt(0);
            }
        }
    }

    /// <summary>Appends the table with a time stamp (non-interactive runs).</summary>
    public void Print(Table table)
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"--- {DateTime.Now:HH:mm:ss.fff}");
        foreach (var line in table.Lines())
        {
            text.AppendLine(line);
        }

        lock (_gate)
        {
            Console.Write(text.ToString());
        }
    }

    /// <summary>Redraws the table in place, or, when not on a terminal, prints it when it changed.</summary>
    public void Show(Table table)
    {
        if (!inPlace)
        {
            var lines = string.Join('\n', table.Lines(withHeard: false));
            if (lines != _lastShown)
            {
                _lastShown = lines;
                Print(table);
            }

            return;
        }

        var text = new StringBuilder();
        if (_drawnLines > 0)
        {
            // Back to the top of the last drawing, then clear to the end of the screen (ANSI CUU and ED).
            text.Append(CultureInfo.InvariantCulture, $"\u001b[{_drawnLines}A\r\u001b[J");
        }

        var all = new List<string> { $"DuckDuckGoose local cluster  {DateTime.Now:HH:mm:ss}", "" };
        all.AddRange(table.Lines());
        all.Add("");
        lock (_gate)
        {
            all.AddRange(_notes);
        }

        foreach (var line in all)
        {
            text.Append(line).Append('\n');
        }

        _drawnLines = all.Count;
        Console.Write(text.ToString());
    }
}
