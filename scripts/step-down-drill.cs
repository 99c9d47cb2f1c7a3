#:project ../tools/LocalCluster/LocalCluster.csproj

// Step-down drill: hand leadership over through the admin API N times, time each hand-over, and check
// from every node's election events that no two nodes were Goose at the same time.
//   dotnet run -c Release scripts/step-down-drill.cs -- --rounds 20
//   dotnet run scripts/step-down-drill.cs -- --url http://127.0.0.1:4001
//   dotnet run scripts/step-down-drill.cs -- --rounds 3      (CI)

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

const string usage = """
    usage: dotnet run [-c Release] scripts/step-down-drill.cs [-- options]

    Starts a local cluster of node processes on loopback (or uses the running cluster of --url), then, each
    round: waits until every node names the same Goose, asks it to step down (POST /cluster/step-down through
    the typed client), alternately to a chosen member (the other voters take turns) and to the most
    up-to-date one, and prints the hand-over time the Goose returns (ElapsedMs) and the time the call took
    as measured here. Afterwards it reads every node's GET /events and checks, from the role changes and
    their times, that each old Goose stopped being Goose before the new one became Goose (no overlap).
    Prints median and worst. Exit code 0 when every hand-over succeeded with no overlap, 1 otherwise,
    2 for bad arguments. A hand-over the Goose gives up after one election timeout (503 hand-over-failed,
    the documented outcome on an overloaded machine) counts as failed unless --max-failed allows it; an
    overlap or a wrong new Goose always fails the drill.

    options:
      --rounds N        number of hand-overs, 1..1000 (default 20)
      --nodes N         size of the cluster started here, 2..9 (default 3)
      --max-failed N    hand-overs allowed to end in 503 hand-over-failed before the drill fails (default 0)
      --url URL         drill the running cluster this node belongs to instead of starting one; the overlap
                        check compares the nodes' own clocks, so it holds only for nodes on one machine
      --keep            keep the data and log folder of the cluster started here
      --tls             run the cluster started here on mutual TLS, with a throwaway CA made in its folder
      --ca FILE         with --url: the PEM CA the cluster's https certificates are checked against
      --help            this text

    environment:
      DUCK_ADMIN_TOKEN  the admin token (16+ characters): sent with every step-down, and given to every node
                        started here
    """;

var rounds = 20;
var nodeCount = 3;
var maxFailed = 0;
Uri? url = null;
var keep = false;
var tls = false;
PeerTls? authority = null;
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
        case "--nodes" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out nodeCount) && nodeCount is >= 2 and <= 9:
            i++;
            break;
        case "--max-failed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out maxFailed):
            i++;
            break;
        case "--url" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https":
            url = parsed;
            i++;
            break;
        case "--tls":
            tls = true;
            break;
        case "--ca" when i + 1 < args.Length && File.Exists(args[i + 1]):
            authority = new PeerTls(null, X509Certificate2.CreateFromPem(File.ReadAllText(args[i + 1])));
            i++;
            break;
        case "--keep":
            keep = true;
            break;
        default:
            Console.Error.WriteLine($"step-down-drill.cs: unknown or invalid argument '{args[i]}'");
            Console.Error.WriteLine(usage);
            return 2;
    }
}

var phaseDeadline = TimeSpan.FromSeconds(90);
var busyDeadline = TimeSpan.FromSeconds(10);
var adminToken = Environment.GetEnvironmentVariable(DuckApiClientOptions.AdminTokenVariable) is { Length: > 0 } t ? t : null;

using var shutdown = new ShutdownSignal();
ProcessCluster? cluster = null;
var nodes = new List<DrillNode>();
var handOvers = new List<HandOver>();
var failures = new List<string>();
var failedHandOvers = new List<string>();
var exitCode = 0;
try
{
    if (url is null)
    {
        var root = tls ? Directory.CreateTempSubdirectory("duckduckgoose-tls-").FullName : null;
        cluster = new ProcessCluster(new ProcessClusterOptions
        {
            RootDirectory = root,
            Certificates = root is null ? null : ClusterCertificates.Create(Path.Combine(root, "tls")),
            // The nodes do not inherit DUCK_* variables from here (LocalCluster scrubs them), so pass the token on.
            CommonEnvironment = adminToken is null ? [] : new() { [DuckApiClientOptions.AdminTokenVariable] = adminToken },
            StatusTimeout = TimeSpan.FromMilliseconds(500),
        })
        {
            KeepDirectory = keep,
        };
        Console.WriteLine($"step-down-drill.cs: {rounds} round(s) on {nodeCount} nodes started here; data and logs in {cluster.RootDirectory}");
        await cluster.StartAsync(nodeCount, NodeSettingsStyle.CommandLine, phaseDeadline, shutdown.Token);
        nodes.AddRange(cluster.Nodes.Select(n => new DrillNode(n.Name, new Uri(n.Url), DuckApiClient.Create(new Uri(n.Url), adminToken, n.CreateHandler()))));
    }
    else
    {
        var view = await DuckApiClient.Create(url, adminToken, authority?.CreateHandler()).GetClusterAsync(shutdown.Token);
        nodes.AddRange(view.Members.Select(m => new DrillNode(m.Id, new Uri(m.Url), DuckApiClient.Create(new Uri(m.Url), adminToken, authority?.CreateHandler()))));
        Console.WriteLine($"step-down-drill.cs: {rounds} round(s) on the cluster of {url}: {string.Join(", ", nodes.Select(n => $"{n.Name} {n.Url}"))}");
        if (nodes.Any(n => !n.Url.IsLoopback))
        {
            Console.WriteLine("step-down-drill.cs: note: not every member is on loopback; the overlap check assumes their clocks agree");
        }
    }

    var drillStarted = DateTimeOffset.UtcNow;
    for (var round = 1; round <= rounds; round++)
    {
        var (goose, voters) = await WaitAgreedAsync($"round {round}: every node names one Goose", shutdown.Token);
        // Odd rounds name a target, taking turns among the other voters so every node gets to lead.
        var targetId = round % 2 == 1 ? ChooseTarget(goose, voters, round / 2) : null;
        var handOver = await StepDownAsync(round, goose, targetId, shutdown.Token);
        if (handOver is not null)
        {
            handOvers.Add(handOver);
        }
    }

    await WaitAgreedAsync("after the last round: every node names one Goose", shutdown.Token);
    await CheckEventsAsync(drillStarted, shutdown.Token);

    Console.WriteLine();
    Console.WriteLine($"hand-over, {handOvers.Count} of {rounds} round(s):");
    Console.WriteLine($"  as returned (ElapsedMs): {LatencyFigures.Describe([.. handOvers.Select(h => h.ElapsedMs)])}");
    Console.WriteLine($"  as measured by the call: {LatencyFigures.Describe([.. handOvers.Select(h => h.ClientMs)])}");
    var gaps = handOvers.Where(h => h.GapMs is not null).Select(h => h.GapMs!.Value).ToList();
    if (gaps.Count > 0)
    {
        Console.WriteLine($"  no-Goose gap from the events (old Goose stopped -> new Goose started): {LatencyFigures.Describe(gaps)}");
    }

    if (failedHandOvers.Count > 0)
    {
        if (failedHandOvers.Count <= maxFailed)
        {
            Console.WriteLine($"step-down-drill.cs: {failedHandOvers.Count} hand-over(s) failed, allowed by --max-failed {maxFailed}:");
            foreach (var failure in failedHandOvers)
            {
                Console.WriteLine("  " + failure);
            }
        }
        else
        {
            failures.AddRange(failedHandOvers);
        }
    }

    if (failures.Count > 0)
    {
        Console.Error.WriteLine($"step-down-drill.cs: FAILED: {failures.Count} problem(s):");
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("  " + failure);
        }

        exitCode = 1;
    }
    else
    {
        Console.WriteLine($"step-down-drill.cs: OK: {handOvers.Count} of {rounds} hand-over(s) done, no two nodes Goose at once");
    }
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    Console.Error.WriteLine($"step-down-drill.cs: interrupted after {handOvers.Count} hand-over(s)");
    exitCode = 130;
}
catch (Exception e) when (e is ClusterWaitTimeoutException or DrillTimeoutException or HttpRequestException or Refit.ApiExceptionBase or DuckApiException)
{
    Console.Error.WriteLine($"step-down-drill.cs: FAILED: {e.Message}");
    exitCode = 1;
}
finally
{
    if (cluster is not null)
    {
        cluster.KeepDirectory |= exitCode == 1;
        await cluster.DisposeAsync();
        Console.WriteLine(cluster.KeepDirectory
            ? $"step-down-drill.cs: stopped every node; kept data and logs in {cluster.RootDirectory}"
            : "step-down-drill.cs: stopped every node and removed the data folder");
    }
}

return exitCode;

static string? ChooseTarget(DrillNode goose, IReadOnlyList<ClusterMember> voters, int turn)
{
    var others = voters.Where(v => v.Id != goose.Id).OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
    return others.Count == 0 ? null : others[turn % others.Count].Id;
}

// Every node answers /status, exactly one reports Goose and every one names it: returns it with the voters it lists.
async Task<(DrillNode Goose, IReadOnlyList<ClusterMember> Voters)> WaitAgreedAsync(string phase, CancellationToken cancellationToken)
{
    var started = Stopwatch.GetTimestamp();
    var seen = "nothing yet";
    while (Stopwatch.GetElapsedTime(started) < phaseDeadline)
    {
        var statuses = await Task.WhenAll(nodes.Select(n => StatusOrNullAsync(n, cancellationToken)));
        seen = string.Join("; ", nodes.Zip(statuses, (n, s) => s is null ? $"{n.Name}: no answer" : $"{n.Name}: {s.Role} term {s.Term} goose {s.Goose?.Id ?? "none"}"));
        if (statuses.All(s => s is not null) && statuses.Count(s => s!.Role == NodeRole.Goose) == 1)
        {
            var gooseStatus = statuses.Single(s => s!.Role == NodeRole.Goose)!;
            if (statuses.All(s => s!.Goose?.Id == gooseStatus.Id))
            {
                var goose = nodes[Array.IndexOf(statuses, gooseStatus)];
                goose.Id = gooseStatus.Id;
                var view = await goose.Api.GetClusterAsync(cancellationToken);
                return (goose, view.Members.Where(m => m.Voter).ToList());
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
    }

    throw new DrillTimeoutException($"Phase '{phase}' timed out after {phaseDeadline.TotalSeconds:0} s. Last seen: {seen}");
}

async Task<NodeStatus?> StatusOrNullAsync(DrillNode node, CancellationToken cancellationToken)
{
    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
    try
    {
        var status = await node.Api.GetStatusAsync(timeout.Token);
        node.Id = status.Id;
        return status;
    }
    catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase or DuckApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
    {
        return null;
    }
}

// One hand-over; a Busy answer (the new Goose has not committed in its term yet) is retried. Null when it failed.
async Task<HandOver?> StepDownAsync(int round, DrillNode goose, string? targetId, CancellationToken cancellationToken)
{
    var to = targetId is null ? "most up-to-date" : $"target {NameOfId(targetId)}";
    var retries = 0;
    var busySince = Stopwatch.GetTimestamp();
    while (true)
    {
        var requestedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await goose.Api.StepDownAsync(new StepDownRequest(targetId), cancellationToken);
            var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var problem = result.Goose.Id == result.PreviousGoose.Id ? "the new Goose is the old one"
                : targetId is not null && result.Goose.Id != targetId ? $"the new Goose is {NameOfId(result.Goose.Id)}, not the target"
                : result.PreviousGoose.Id != goose.Id ? $"the previous Goose is reported as {NameOfId(result.PreviousGoose.Id)}"
                : null;
            Console.WriteLine($"round {round,3}/{rounds}: {goose.Name} -> {NameOfId(result.Goose.Id),-8} ({to,-16}) term {result.Term,4}: "
                              + $"ElapsedMs {result.ElapsedMs,6:0.0}, call {clientMs,6:0.0} ms"
                              + (retries > 0 ? $" after {retries} busy retr{(retries == 1 ? "y" : "ies")}" : "")
                              + (problem is null ? "" : $"  FAILED: {problem}"));
            if (problem is not null)
            {
                failures.Add($"round {round}: {problem}");
            }

            return new HandOver(round, result.PreviousGoose.Id, result.Goose.Id, requestedAt, result.ElapsedMs, clientMs);
        }
        catch (DuckApiException e) when (e.Problem?.Type is ProblemTypes.Busy && Stopwatch.GetElapsedTime(busySince) < busyDeadline)
        {
            retries++;
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        catch (DuckApiException e)
        {
            Console.WriteLine($"round {round,3}/{rounds}: {goose.Name} -> ? ({to}): FAILED: {e.Message}" + (e.Problem?.Type is { } type ? $" [{type}]" : ""));
            (e.Problem?.Type is ProblemTypes.HandOverFailed ? failedHandOvers : failures)
                .Add($"round {round}: step-down of {goose.Name} ({to}) failed: {e.Message}");
            return null;
        }
    }
}

// From every node's GET /events: the intervals each node was Goose, checked pairwise for overlap, and per
// round the gap between the old Goose stopping and the new one starting.
async Task CheckEventsAsync(DateTimeOffset since, CancellationToken cancellationToken)
{
    var readAt = DateTimeOffset.UtcNow;
    var intervals = new List<GooseInterval>();
    foreach (var node in nodes)
    {
        var events = await node.Api.GetEventsAsync(limit: null, cancellationToken);
        DateTimeOffset? start = null;
        foreach (var e in events)
        {
            if (e.Role == NodeRole.Goose && e.PreviousRole != NodeRole.Goose)
            {
                start = e.At;
            }
            else if (e.Role != NodeRole.Goose && e.PreviousRole == NodeRole.Goose)
            {
                // An interval whose start fell out of the node's bounded event log cannot be checked.
                if (start is { } s)
                {
                    intervals.Add(new GooseInterval(node, s, e.At));
                }

                start = null;
            }
        }

        if (start is { } open)
        {
            intervals.Add(new GooseInterval(node, open, readAt));
        }
    }

    intervals = intervals.Where(i => i.End >= since).OrderBy(i => i.Start).ToList();
    var overlaps = 0;
    for (var a = 0; a < intervals.Count; a++)
    {
        for (var b = a + 1; b < intervals.Count; b++)
        {
            var (first, second) = (intervals[a], intervals[b]);
            if (first.Node != second.Node && second.Start < first.End)
            {
                overlaps++;
                failures.Add($"OVERLAP: {first.Node.Name} was Goose {first.Start:HH:mm:ss.fff}-{first.End:HH:mm:ss.fff} and "
                             + $"{second.Node.Name} became Goose at {second.Start:HH:mm:ss.fff}, "
                             + $"{(first.End - second.Start).TotalMilliseconds:0.0} ms before the other stopped");
            }
        }
    }

    for (var i = 0; i < handOvers.Count; i++)
    {
        var handOver = handOvers[i];
        var oldEnd = intervals.LastOrDefault(v => v.Node.Id == handOver.PreviousId && v.Start <= handOver.RequestedAt)?.End;
        var newStart = intervals.FirstOrDefault(v => v.Node.Id == handOver.NewId && v.Start >= handOver.RequestedAt)?.Start;
        if (oldEnd is { } end && newStart is { } start)
        {
            handOvers[i] = handOver with { GapMs = (start - end).TotalMilliseconds };
        }
        else
        {
            failures.Add($"round {handOver.Round}: the events do not show the hand-over from {NameOfId(handOver.PreviousId)} to {NameOfId(handOver.NewId)}");
        }
    }

    Console.WriteLine($"events: {intervals.Count} Goose interval(s) on {intervals.Select(v => v.Node).Distinct().Count()} node(s) since the drill started, {overlaps} overlap(s)");
}

string NameOfId(string id) => nodes.FirstOrDefault(n => n.Id == id)?.Name ?? id;

/// <summary>A node of the drill: a label, its URL, its typed client, and its node id once it answered.</summary>
internal sealed class DrillNode(string name, Uri url, IDuckApi api)
{
    public string Name { get; } = name;

    public Uri Url { get; } = url;

    public IDuckApi Api { get; } = api;

    public string? Id { get; set; }
}

/// <summary>One completed hand-over: who handed to whom, when it was asked for (wall clock), and its times.</summary>
internal sealed record HandOver(int Round, string PreviousId, string NewId, DateTimeOffset RequestedAt, double ElapsedMs, double ClientMs)
{
    public double? GapMs { get; init; }
}

/// <summary>A stretch of time one node reported Goose, from its election events.</summary>
internal sealed record GooseInterval(DrillNode Node, DateTimeOffset Start, DateTimeOffset End);

/// <summary>The cluster did not reach a wanted state before the deadline.</summary>
internal sealed class DrillTimeoutException(string message) : TimeoutException(message);
