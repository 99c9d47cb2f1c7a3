#:project ../tools/LocalCluster/LocalCluster.csproj

// Failover drill: kill -9 the Goose of a local cluster N times and time how long the survivors take to
// have a new Goose.
//   dotnet run -c Release scripts/failover-drill.cs -- --rounds 20
//   dotnet run scripts/failover-drill.cs -- --rounds 2      (CI)

using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;

const string usage = """
    usage: dotnet run [-c Release] scripts/failover-drill.cs [-- options]

    Starts a local cluster of node processes on loopback, then, each round: waits until one Goose has been
    stable for 0.5 s, kills it with SIGKILL, times from the kill until a survivor answers GET /goose with 200
    (every survivor is polled about every 5 ms through the typed client), restarts the killed node on its
    data directory and waits until it is back as a Duck. Prints each round, then best, median, p90 and worst.
    Exit code 0 when every round had a new Goose within 10 s, 1 otherwise, 2 for bad arguments.

    The drill starts its own cluster because it kills and restarts node processes; to drill leadership
    changes on a cluster that is already running, use scripts/step-down-drill.cs --url.

    options:
      --rounds N                number of kills, 1..1000 (default 20)
      --nodes N                 cluster size, 3..9 (default 3)
      --election-timeout-ms MS  passed to every node (default: the node's own default, 150)
      --keep                    keep the data and log folder afterwards
      --tls                     mutual TLS, with a throwaway CA made for this run in its folder
      --help                    this text

    environment:
      DUCK_ADMIN_TOKEN  the admin token (16+ characters), given to every node started here
    """;

var rounds = 20;
var nodeCount = 3;
int? electionTimeoutMs = null;
var keep = false;
var tls = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(usage);
            return 0;
        case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out rounds) && rounds is >= 1 and <= 1000:
            i++;
            break;
        case "--nodes" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out nodeCount) && nodeCount is >= 3 and <= 9:
            i++;
            break;
        case "--election-timeout-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 10 and <= 60000:
            electionTimeoutMs = ms;
            i++;
            break;
        case "--tls":
            tls = true;
            break;
        case "--keep":
            keep = true;
            break;
        default:
            Console.Error.WriteLine($"failover-drill.cs: unknown or invalid argument '{args[i]}'");
            Console.Error.WriteLine(usage);
            return 2;
    }
}

var phaseDeadline = TimeSpan.FromSeconds(90);
var failoverDeadline = TimeSpan.FromSeconds(10);
var stableFor = TimeSpan.FromMilliseconds(500);
var adminToken = Environment.GetEnvironmentVariable(DuckApiClientOptions.AdminTokenVariable) is { Length: > 0 } t ? t : null;

using var shutdown = new ShutdownSignal();
var settings = new Dictionary<string, string>();
if (electionTimeoutMs is { } timeout)
{
    settings["election-timeout-ms"] = timeout.ToString(CultureInfo.InvariantCulture);
}

var root = tls ? Directory.CreateTempSubdirectory("duckduckgoose-tls-").FullName : null;
var cluster = new ProcessCluster(new ProcessClusterOptions
{
    CommonSettings = settings,
    RootDirectory = root,
    Certificates = root is null ? null : ClusterCertificates.Create(Path.Combine(root, "tls")),
    // The nodes do not inherit DUCK_* variables from here (LocalCluster scrubs them), so pass the token on.
    CommonEnvironment = adminToken is null ? [] : new() { [DuckApiClientOptions.AdminTokenVariable] = adminToken },
    StatusTimeout = TimeSpan.FromMilliseconds(250),
    PollInterval = TimeSpan.FromMilliseconds(20),
})
{
    KeepDirectory = keep,
};
var clients = new Dictionary<string, IDuckApi>();
var failovers = new List<double>();
var rejoins = new List<double>();
var failed = 0;
var exitCode = 0;
try
{
    Console.WriteLine($"failover-drill.cs: {rounds} round(s) on {nodeCount} nodes"
                      + (electionTimeoutMs is { } e ? $", election-timeout-ms {e}" : "")
                      + $"; data and logs in {cluster.RootDirectory}");
    await cluster.StartAsync(nodeCount, NodeSettingsStyle.CommandLine, phaseDeadline, shutdown.Token);
    for (var round = 1; round <= rounds; round++)
    {
        var goose = await cluster.WaitForStableGooseAsync($"round {round}: one Goose stable for {stableFor.TotalMilliseconds:0} ms before the kill", nodeCount, stableFor, phaseDeadline, shutdown.Token);
        var victim = goose.Node;
        var survivors = cluster.Running.Where(n => n != victim).ToList();

        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        var winner = await NewGoosePoll.FirstAsync(survivors, Client, failoverDeadline, shutdown.Token);
        double? failoverMs = winner is null ? null : Stopwatch.GetElapsedTime(killedAt, winner.Value.At).TotalMilliseconds;

        var restartedAt = Stopwatch.GetTimestamp();
        victim.Start();
        await cluster.WaitForAsync(
            $"round {round}: restarted {victim.Name} answers Duck and names the Goose the others agree on",
            s => s.AgreedGoose(nodeCount) is { } agreed && agreed.Node != victim && s[victim.Name].IsDuck,
            phaseDeadline,
            shutdown.Token);
        var rejoinMs = Stopwatch.GetElapsedTime(restartedAt).TotalMilliseconds;
        rejoins.Add(rejoinMs);
        if (failoverMs is { } f)
        {
            failovers.Add(f);
            Console.WriteLine($"round {round,3}/{rounds}: killed {victim.Name} (Goose, term {goose.Status!.Term}) -> {winner!.Value.Node.Name} "
                              + $"is Goose after {f,7:0.0} ms; {victim.Name} back as Duck {rejoinMs / 1000,4:0.0} s after restart");
        }
        else
        {
            failed++;
            Console.WriteLine($"round {round,3}/{rounds}: killed {victim.Name} (Goose, term {goose.Status!.Term}) -> FAILED: no survivor answered "
                              + $"/goose with 200 within {failoverDeadline.TotalSeconds:0} s; {victim.Name} back as Duck {rejoinMs / 1000,4:0.0} s after restart");
        }
    }

    Console.WriteLine();
    Console.WriteLine($"failover (kill -9 of the Goose until a survivor answers /goose 200), {failovers.Count} of {rounds} round(s):");
    Console.WriteLine("  " + LatencyFigures.Describe(failovers));
    Console.WriteLine($"rejoin (restart until the old Goose answers Duck): {LatencyFigures.Describe(rejoins)}");
    if (failed > 0)
    {
        cluster.KeepDirectory = true;
        Console.Error.WriteLine($"failover-drill.cs: FAILED: {failed} of {rounds} round(s) had no new Goose within {failoverDeadline.TotalSeconds:0} s");
        exitCode = 1;
    }
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    Console.Error.WriteLine($"failover-drill.cs: interrupted after {failovers.Count + failed} round(s)");
    exitCode = 130;
}
catch (ClusterWaitTimeoutException e)
{
    cluster.KeepDirectory = true;
    Console.Error.WriteLine($"failover-drill.cs: FAILED: {e.Message}");
    exitCode = 1;
}
finally
{
    await cluster.DisposeAsync();
    Console.WriteLine(cluster.KeepDirectory
        ? $"failover-drill.cs: stopped every node; kept data and logs in {cluster.RootDirectory}"
        : "failover-drill.cs: stopped every node and removed the data folder");
}

return exitCode;

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
