#:project ../tools/LocalCluster/LocalCluster.csproj

// Scale drill: a cluster of many real node processes on this machine, 5 voters and the rest non-voting Ducks.
//   dotnet run -c Release scripts/scale-drill.cs -- --nodes 101
//   dotnet run -c Release scripts/scale-drill.cs -- --short      (CI: 9 nodes, 10 idle seconds, 1 kill)

using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;

const string usage = """
    usage: dotnet run -c Release scripts/scale-drill.cs [-- options]

    Starts N node processes on loopback, B at a time, all joining the first through DUCK_JOIN (the cluster
    keeps 5 voters, the rest join as non-voting Ducks), and waits until all N answer and agree on one Goose. Then holds them
    idle and counts elections (the term of every node before and after) and the CPU and resident memory of all
    node processes (after a settling time of up to 15 s); kills the Goose with SIGKILL K times and times each failover, until a voter answers
    GET /goose with 200 and until every survivor names the new Goose, restarting the killed node after each;
    and kills one voting Duck and times its replacement by the Goose's Autopilot (a non-voter promoted, the
    dead voter demoted). Prints every phase and a summary. Exit code 0 when every phase completed, 1 when
    one did not (no Goose within 10 s, a wait that timed out), 2 for bad arguments.

    options:
      --nodes N      node processes, 3..201 (default 101)
      --idle-s S     seconds held idle, 5..3600 (default 300)
      --kills K      kills of the Goose, 1..50 (default 5)
      --batch B      nodes started at a time, each batch once the one before has joined, 1..201 (default 25)
      --nice N       niceness of every node after the first five (the voters), 0..19 (default 19; 0: none): one
                     machine stands in for many, and a starting node must not take the voters' CPU
      --host H       composite (default): the nodes run the host published with src/Host's publish profile
                     Composite (dotnet publish src/Host -p:PublishProfile=Composite, to artifacts/composite;
                     about two minutes the first time, seconds after), whose start JIT-compiles a fraction
                     of what the plain build's does; build: the host built with this script (src/Host/bin),
                     or the one DDG_HOST_DLL names
      --heartbeat-ms MS, --election-timeout-ms MS
                     passed to every node (default: the nodes' own, 30 and 150)
      --short        9 nodes, 10 idle seconds, 1 kill (what CI runs)
      --keep         keep the data and log folder afterwards
      --help         this text

    environment:
      DUCK_ADMIN_TOKEN  the admin token (16+ characters), given to every node started here
    """;

var nodeCount = 101;
var idleSeconds = 300;
var kills = 5;
var batch = 25;
var nice = 19;
var composite = true;
int? heartbeatMs = null;
int? electionTimeoutMs = null;
var keep = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(usage);
            return 0;
        case "--nodes" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out nodeCount) && nodeCount is >= 3 and <= 201:
            i++;
            break;
        case "--idle-s" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out idleSeconds) && idleSeconds is >= 5 and <= 3600:
            i++;
            break;
        case "--kills" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out kills) && kills is >= 1 and <= 50:
            i++;
            break;
        case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out batch) && batch is >= 1 and <= 201:
            i++;
            break;
        case "--nice" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out nice) && nice is >= 0 and <= 19:
            i++;
            break;
        case "--host" when i + 1 < args.Length && args[i + 1] is "composite" or "build":
            composite = args[i + 1] == "composite";
            i++;
            break;
        case "--heartbeat-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var hb) && hb is >= 1 and <= 10000:
            heartbeatMs = hb;
            i++;
            break;
        case "--election-timeout-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var et) && et is >= 5 and <= 60000:
            electionTimeoutMs = et;
            i++;
            break;
        case "--short":
            (nodeCount, idleSeconds, kills) = (9, 10, 1);
            break;
        case "--keep":
            keep = true;
            break;
        default:
            Console.Error.WriteLine($"scale-drill.cs: unknown or invalid argument '{args[i]}'");
            Console.Error.WriteLine(usage);
            return 2;
    }
}

var formDeadline = TimeSpan.FromSeconds(60 + (nodeCount * 3));
var phaseDeadline = TimeSpan.FromSeconds(120);
var failoverDeadline = TimeSpan.FromSeconds(10);
var adminToken = Environment.GetEnvironmentVariable(DuckApiClientOptions.AdminTokenVariable) is { Length: > 0 } t ? t : null;

using var shutdown = new ShutdownSignal();
string? hostDll = null;
if (composite)
{
    Console.WriteLine($"scale-drill.cs: publishing the composite host (dotnet publish src/Host -p:PublishProfile=Composite) ...");
    var publishClock = Stopwatch.StartNew();
    try
    {
        hostDll = await CompositeHost.PublishAsync(TimeSpan.FromMinutes(15), shutdown.Token);
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException)
    {
        Console.Error.WriteLine($"scale-drill.cs: {e.Message}");
        return 1;
    }
    catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
    {
        Console.Error.WriteLine("scale-drill.cs: interrupted while publishing");
        return 130;
    }

    Console.WriteLine($"scale-drill.cs: published in {publishClock.Elapsed.TotalSeconds:0} s: {hostDll}");
}

var timing = new Dictionary<string, string>();
if (heartbeatMs is { } heartbeat)
{
    timing["heartbeat-ms"] = heartbeat.ToString(CultureInfo.InvariantCulture);
}

if (electionTimeoutMs is { } electionTimeout)
{
    timing["election-timeout-ms"] = electionTimeout.ToString(CultureInfo.InvariantCulture);
}

var cluster = new ProcessCluster(new ProcessClusterOptions
{
    HostDll = hostDll,
    CommonSettings = timing,
    // The nodes do not inherit DUCK_* variables from here (LocalCluster scrubs them), so pass the token on.
    CommonEnvironment = adminToken is null ? [] : new() { [DuckApiClientOptions.AdminTokenVariable] = adminToken },
    // One machine stands in for many: the nodes after the first five (the voters) run niced, so their start-up
    // (a .NET process compiles for about a second) does not take the CPU from the voters' heartbeats, as it
    // could not on machines of their own.
    NodeNice = name => nice > 0 && int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture) > 5 ? nice : null,
    StatusTimeout = TimeSpan.FromSeconds(3),
    // Every wait asks every node for its status each time: at a hundred nodes, not too often.
    PollInterval = TimeSpan.FromMilliseconds(nodeCount > 20 ? 1000 : 250),
})
{
    KeepDirectory = keep,
};
var summary = new List<string>();
var exitCode = 0;
try
{
    Console.WriteLine($"scale-drill.cs: {nodeCount} nodes ({batch} at a time, nice {nice} after the first 5), {idleSeconds} s idle, {kills} kill(s) of the Goose, "
                      + (composite ? "the composite host" : $"the host at {HostLocation.HostDll}")
                      + (timing.Count > 0 ? $", {string.Join(", ", timing.Select(kv => $"{kv.Key} {kv.Value}"))}" : "")
                      + $"; data and logs in {cluster.RootDirectory}");

    // 1. Formation: the first node founds the cluster, every other one joins it through DUCK_JOIN at once.
    var formClock = Stopwatch.StartNew();
    var first = cluster.AddNode(NodeSettingsStyle.Environment);
    await cluster.WaitForAgreedGooseAsync($"{first.Name} founds the cluster", 1, phaseDeadline, shutdown.Token);
    // In batches: a hundred .NET processes starting at once on a small machine starve each other of CPU for
    // long enough (their JIT) that heartbeats arrive late and the first voters keep electing.
    for (var started = 1; started < nodeCount;)
    {
        var batchEnd = Math.Min(nodeCount, started + batch);
        for (; started < batchEnd; started++)
        {
            cluster.AddNode(NodeSettingsStyle.Environment, first);
        }

        if (started < nodeCount)
        {
            await cluster.WaitForAgreedGooseSparinglyAsync($"{started} nodes answer and agree on one Goose", started, formDeadline, shutdown.Token);
        }
    }

    // Sparingly: a node that named the Goose is asked again only once all have, so the drill's own polling does
    // not take the CPU the joiners need (asking every node every second costs each a request a second while it waits).
    var formed = await cluster.WaitForAgreedGooseSparinglyAsync($"all {nodeCount} nodes answer and agree on one Goose", nodeCount, formDeadline, shutdown.Token);
    var formedS = formClock.Elapsed.TotalSeconds;
    var view = await formed.Node.Api.GetClusterAsync(shutdown.Token);
    var voterCount = view.Members.Count(m => m.Voter);
    var startCpu = CpuTime();
    Say($"formed: {nodeCount} nodes in {formedS:0.0} s; Goose {formed.Node.Name}, {voterCount} voters and {view.Members.Count - voterCount} non-voters (target {view.Voters}); "
        + $"the node processes used {startCpu.TotalSeconds:0} s of CPU so far ({startCpu.TotalSeconds / nodeCount:0.00} s each, {startCpu.TotalSeconds / formedS / Environment.ProcessorCount * 100:0} % of the {Environment.ProcessorCount} cores while forming)");
    // Where formation's CPU went: the Goose (every join passes through it) against the others, per process.
    var voterNodes = cluster.Running.Where(n => view.Members.Any(m => m.Voter && m.Url == n.Url)).ToList();
    var formVoters = voterNodes.Where(n => n != formed.Node).Select(n => Cpu(n).TotalSeconds).ToList();
    var formOthers = cluster.Running.Except(voterNodes).Select(n => Cpu(n).TotalSeconds).Order().ToList();
    Say($"CPU at formation by role: the Goose {Cpu(formed.Node).TotalSeconds:0.00} s, "
        + $"the other {formVoters.Count} voters {(formVoters.Count == 0 ? "-" : $"{formVoters.Average():0.00} s")} each, "
        + $"the {formOthers.Count} non-voters {(formOthers.Count == 0 ? "-" : $"median {formOthers[formOthers.Count / 2]:0.00} s, max {formOthers[^1]:0.00} s")}; "
        + $"this drill {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.0} s");

    // 2. Idle: terms, Goose changes, CPU and memory of every node process, measured after the start-up work
    //    (JIT, each voter's failover rehearsal 2 s after it listens) has settled.
    var settle = TimeSpan.FromSeconds(Math.Min(15, idleSeconds));
    Say($"settling {settle.TotalSeconds:0} s before the idle measurement");
    await Task.Delay(settle, shutdown.Token);
    var before = await cluster.ObserveAsync(shutdown.Token);
    var termBefore = before.Answered.Max(p => p.Status!.Term);
    var cpuBefore = CpuTime();
    var cpuEachBefore = cluster.Running.ToDictionary(n => n.Url, Cpu);
    var faultsEachBefore = cluster.Running.ToDictionary(n => n.Url, n => FromProc(n, ProcStats.ReadMajorFaults));
    var idleClock = Stopwatch.StartNew();
    var geese = new HashSet<string> { formed.Status!.Id };

    // Only the voters are asked while idle (every node at once, every few seconds, would be a burst of a
    // hundred requests that this drill, not the cluster, makes); every node is asked at the start and the end.
    while (idleClock.Elapsed < TimeSpan.FromSeconds(idleSeconds))
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, idleSeconds)), shutdown.Token);
        foreach (var node in voterNodes)
        {
            var probe = await node.ProbeAsync(shutdown.Token);
            if (probe.IsGoose)
            {
                geese.Add(probe.Status!.Id);
            }
        }
    }

    var cpuAfter = CpuTime();
    var idleS = idleClock.Elapsed.TotalSeconds;

    // The Goose's own share against the other voters' and the non-voters' (issue 11: a Goose's cost should grow
    // with its voters, not with every node): CPU over the idle period, per process, in % of one core.
    double IdlePercent(NodeProcess node) =>
        cpuEachBefore.TryGetValue(node.Url, out var was) ? (Cpu(node) - was).TotalSeconds / idleS * 100 : double.NaN;
    var idleGoose = before.Answered.FirstOrDefault(p => p.IsGoose)?.Node;
    var otherVoters = voterNodes.Where(n => n != idleGoose).Select(IdlePercent).Where(double.IsFinite).ToList();
    var nonVoters = cluster.Running.Except(voterNodes).Select(IdlePercent).Where(double.IsFinite).ToList();

    // Major page faults while idle (a page read back from disk): a stall that no timer of the node can
    // prevent, and which a voter or the Goose can pay for with its heartbeats on a machine that pages out
    // idle file pages (such as one running DAMON's pageout).
    long IdleFaults(IEnumerable<NodeProcess> nodes) =>
        nodes.Sum(n => faultsEachBefore.TryGetValue(n.Url, out var was) ? Math.Max(0, FromProc(n, ProcStats.ReadMajorFaults) - was) : 0);
    var after = await cluster.ObserveAsync(shutdown.Token);
    var termAfter = after.Answered.Max(p => p.Status!.Term);
    var rssMiB = cluster.Running.Sum(n => FromProc(n, ProcStats.ReadRssBytes)) / (1024.0 * 1024);
    var pssMiB = cluster.Running.Sum(n => FromProc(n, ProcStats.ReadPssBytes)) / (1024.0 * 1024);
    var cpuPercent = (cpuAfter - cpuBefore).TotalSeconds / idleS * 100;
    Say($"idle {idleS:0} s: term {termBefore} -> {termAfter} ({termAfter - termBefore} election(s)), {geese.Count} Goose(s) seen; "
        + $"all {cluster.Running.Count} processes: CPU {cpuPercent:0.0} % of one core ({cpuPercent / cluster.Running.Count:0.00} % each), RSS {rssMiB:0} MiB ({rssMiB / cluster.Running.Count:0.0} MiB each), "
        + $"PSS {pssMiB:0} MiB ({pssMiB / cluster.Running.Count:0.0} MiB each; pages the processes share counted once)");
    Say($"idle CPU by role: the Goose {(idleGoose is null ? "?" : $"{IdlePercent(idleGoose):0.00} %")}, "
        + $"the other {otherVoters.Count} voters {(otherVoters.Count == 0 ? "-" : $"{otherVoters.Average():0.00} %")} each, "
        + $"the {nonVoters.Count} non-voters {(nonVoters.Count == 0 ? "-" : $"{nonVoters.Average():0.00} %")} each (of one core)");
    Say($"major page faults while idle: the Goose {(idleGoose is null ? "?" : IdleFaults([idleGoose]).ToString(CultureInfo.InvariantCulture))}, "
        + $"the other voters {IdleFaults(voterNodes.Where(n => n != idleGoose))}, the non-voters {IdleFaults(cluster.Running.Except(voterNodes))}");

    // 3. Failovers: kill -9 of the Goose; until a voter answers /goose 200, and until every survivor names it.
    var toGoose = new List<double>();
    var toAll = new List<double>();
    for (var round = 1; round <= kills; round++)
    {
        var goose = await cluster.WaitForStableGooseAsync($"kill {round}: one Goose stable for 1 s", nodeCount, TimeSpan.FromSeconds(1), phaseDeadline, shutdown.Token);
        var voters = (await goose.Node.Api.GetClusterAsync(shutdown.Token)).Members.Where(m => m.Voter).Select(m => m.Url).ToHashSet();
        var victim = goose.Node;
        var survivors = cluster.Running.Where(n => n != victim).ToList();
        var killed = Stopwatch.GetTimestamp();
        victim.Kill();
        var winner = await NewGoosePoll.FirstAsync(survivors.Where(n => voters.Contains(n.Url)).ToList(), n => n.Api, failoverDeadline, shutdown.Token);
        if (winner is null)
        {
            Say($"kill {round}: FAILED: no voter answered /goose with 200 within {failoverDeadline.TotalSeconds:0} s");
            exitCode = 1;
            victim.Start();
            continue;
        }

        var (next, at) = winner.Value;
        var first200 = Stopwatch.GetElapsedTime(killed, at).TotalMilliseconds;
        var (everyone, agreed, term) = await AllNameAsync(survivors, voters, shutdown.Token);
        var allMs = Stopwatch.GetElapsedTime(killed, everyone).TotalMilliseconds;
        toGoose.Add(first200);
        toAll.Add(allMs);
        var agreedName = cluster.Nodes.FirstOrDefault(n => n.Url == agreed?.Url)?.Name ?? agreed?.Id ?? "none";
        Say($"kill {round}: {victim.Name} (Goose, term {goose.Status!.Term}) -> {next.Name} answers /goose 200 after {first200:0} ms; "
            + $"all {survivors.Count} survivors name one Goose ({agreedName}, term {term}) after {allMs:0} ms");

        // Started again niced like the non-voters: its start-up must not take the CPU of the voters that carry on.
        victim.StartWith(victim.Launch with { Nice = nice > 0 ? nice : null });
        await cluster.WaitForAgreedGooseAsync($"kill {round}: {victim.Name} restarted and back", nodeCount, phaseDeadline, shutdown.Token);
    }

    // 4. Autopilot: kill -9 of a voting Duck, until the Goose has a non-voter in its seat and the dead one demoted.
    var settled = await cluster.WaitForStableGooseAsync("before the voter kill: one Goose stable for 1 s", nodeCount, TimeSpan.FromSeconds(1), phaseDeadline, shutdown.Token);
    var seats = await settled.Node.Api.GetClusterAsync(shutdown.Token);
    var target = seats.Voters ?? voterCount;
    var voter = cluster.Running.First(n => n != settled.Node && seats.Members.Any(m => m.Voter && m.Url == n.Url));
    var voterId = seats.Members.Single(m => m.Url == voter.Url).Id;
    var voterKilled = Stopwatch.StartNew();
    voter.Kill();
    double? replacedS = null;
    while (voterKilled.Elapsed < TimeSpan.FromSeconds(60) && replacedS is null)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), shutdown.Token);
        try
        {
            var now = await settled.Node.Api.GetClusterAsync(shutdown.Token);
            if (now.Members.Any(m => m.Id == voterId && !m.Voter) && now.Members.Count(m => m.Voter) == Math.Min(target, nodeCount - 1))
            {
                replacedS = voterKilled.Elapsed.TotalSeconds;
            }
        }
        catch (Exception e) when (e is HttpRequestException or DuckApiException or TaskCanceledException or Refit.ApiExceptionBase)
        {
            // The Goose may be busy; ask again.
        }
    }

    if (replacedS is { } replaced)
    {
        var events = await settled.Node.Api.GetEventsAsync(cancellationToken: shutdown.Token);
        var why = events.LastOrDefault(e => e.Autopilot == "promote")?.Reason ?? "(no event)";
        Say($"autopilot: voter {voter.Name} killed -> its seat filled and it demoted after {replaced:0.0} s ({why})");
    }
    else
    {
        Say($"autopilot: FAILED: voter {voter.Name}'s seat not filled within 60 s");
        exitCode = 1;
    }

    Console.WriteLine();
    Console.WriteLine($"failover to a voter answering /goose 200: {LatencyFigures.Describe(toGoose)}");
    Console.WriteLine($"failover until all survivors name the new Goose: {LatencyFigures.Describe(toAll)}");
    Console.WriteLine("summary:");
    foreach (var line in summary)
    {
        Console.WriteLine("  " + line);
    }
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("scale-drill.cs: interrupted");
    exitCode = 130;
}
catch (ClusterWaitTimeoutException e)
{
    cluster.KeepDirectory = true;
    Console.Error.WriteLine($"scale-drill.cs: FAILED: {e.Message[..Math.Min(e.Message.Length, 4000)]}");
    exitCode = 1;
}
finally
{
    await cluster.DisposeAsync();
    Console.WriteLine(cluster.KeepDirectory
        ? $"scale-drill.cs: stopped every node; kept data and logs in {cluster.RootDirectory}"
        : "scale-drill.cs: stopped every node and removed the data folder");
}

return exitCode;

void Say(string line)
{
    Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff}  {line}");
    summary.Add(line);
}

TimeSpan CpuTime() => cluster.Running.Aggregate(TimeSpan.Zero, (sum, node) => sum + Cpu(node));

static TimeSpan Cpu(NodeProcess node)
{
    try
    {
        return Process.GetProcessById(node.ProcessId!.Value).TotalProcessorTime;
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
    {
        return TimeSpan.Zero;
    }
}

// What /proc says of a node's process (ProcStats), or 0 once the process is gone or /proc cannot be read.
static long FromProc(NodeProcess node, Func<int, long> read)
{
    try
    {
        return node.ProcessId is { } pid ? read(pid) : 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
    {
        return 0;
    }
}

// Asks the survivors' /status until every one of them names one and the same Goose; returns when the last of them
// first did (to within its polling period), with that Goose and the highest term seen. Paced, never a flood: a voter
// is asked every 50 ms, a non-voter every 250 ms until it names the Goose the voters name and then no more (unless
// the voters move on to another Goose), at most 8 requests at a time. The first version asked all hundred at once,
// again and again, and took the CPU the new Goose's heartbeats needed: the term rose by up to 18 after a kill.
async Task<(long At, DuckDuckGoose.Contracts.Member? Goose, long Term)> AllNameAsync(IReadOnlyList<NodeProcess> nodes, IReadOnlySet<string> voterUrls, CancellationToken cancellationToken)
{
    var latest = new Dictionary<NodeProcess, (NodeStatus? Status, long At)>();
    var asked = new Dictionary<NodeProcess, long>();
    using var gate = new SemaphoreSlim(8);
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        // The Goose the voters name: the one named in the highest term.
        var goose = latest.Where(kv => voterUrls.Contains(kv.Key.Url)).Select(kv => kv.Value.Status)
            .Where(status => status?.Goose is not null).MaxBy(status => status!.Term)?.Goose;
        var done = latest.Count == nodes.Count && goose is not null
            && latest.Values.All(l => l.Status?.Goose?.Id == goose.Id);
        if (done || deadline.Elapsed > phaseDeadline)
        {
            return (done ? latest.Values.Max(l => l.At) : Stopwatch.GetTimestamp(), done ? goose : null, latest.Values.Max(l => l.Status?.Term ?? 0));
        }

        var now = Stopwatch.GetTimestamp();
        var due = nodes.Where(n =>
        {
            var period = TimeSpan.FromMilliseconds(voterUrls.Contains(n.Url) ? 50 : 250);
            var settled = !voterUrls.Contains(n.Url) && goose is not null && latest.TryGetValue(n, out var l) && l.Status?.Goose?.Id == goose.Id;
            return !settled && (!asked.TryGetValue(n, out var at) || Stopwatch.GetElapsedTime(at, now) >= period);
        }).ToList();
        foreach (var node in due)
        {
            asked[node] = now;
        }

        var answers = await Task.WhenAll(due.Select(async n =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return (Node: n, Status: await n.Api.GetStatusAsync(cancellationToken), At: Stopwatch.GetTimestamp());
            }
            catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase or TaskCanceledException)
            {
                return (Node: n, Status: (NodeStatus?)null, At: Stopwatch.GetTimestamp());
            }
            finally
            {
                gate.Release();
            }
        }));
        foreach (var (node, status, at) in answers)
        {
            // A node keeps the time it first named the Goose it still names, not the time it was asked again.
            latest[node] = latest.TryGetValue(node, out var was) && was.Status?.Goose?.Id is { } id && id == status?.Goose?.Id ? was with { Status = status } : (status, at);
        }

        await Task.Delay(10, cancellationToken);
    }
}
