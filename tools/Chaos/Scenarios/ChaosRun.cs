using System.Globalization;
using System.Text;
using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Chaos.Faults;
using DuckDuckGoose.Chaos.Lab;
using DuckDuckGoose.Chaos.Probing;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>
/// Everything one run inside the bridge namespace uses: the nodes, the delay line, the nftables loader, the
/// injector and its timeline, the prober, the log; and the waits and admin calls scenarios share.
/// </summary>
public sealed class ChaosRun : IAsyncDisposable
{
    private readonly IDuckApi[] _apis;

    private ChaosRun(ChaosOptions options, int seed, string runDirectory)
    {
        Options = options;
        Seed = seed;
        RunDirectory = runDirectory;
        Clock = new RunClock();
        Log = new RunLog(Path.Combine(runDirectory, "run.log"), Clock);
        var token = Environment.GetEnvironmentVariable("DUCK_ADMIN_TOKEN");
        var secret = Environment.GetEnvironmentVariable("DUCK_CLUSTER_SECRET");
        Nodes = Enumerable.Range(0, options.NodeCount).Select(i => new ChaosNode(i, runDirectory, token, Clock, secret)).ToList();
        Timeline = new FaultTimeline(options.NodeCount);
        DelayLine = new DelayLine(options.NodeCount, seed, Clock);
        Injector = new FaultInjector(Nodes, new NetworkFaults(options.NodeCount), DelayLine, Timeline, Clock);
        Prober = new Prober(
            Nodes.Select(n => n.Url).ToList(),
            Clock,
            TimeSpan.FromMilliseconds(options.ProbeIntervalMs),
            TimeSpan.FromMilliseconds(options.ProbeTimeoutMs),
            Path.Combine(runDirectory, "probes.csv"));
        Pressure = new CpuPressure(() => Clock.NowMs);
        _apis = Nodes.Select(n => DuckApiClient.Create(n.Url, token, new SocketsHttpHandler { UseProxy = false })).ToArray();
    }

    /// <summary>The options, with seed and run directory decided.</summary>
    public ChaosOptions Options { get; }

    /// <summary>The seed of the fault sequence.</summary>
    public int Seed { get; }

    /// <summary>Where data, logs, probes.csv and the report go.</summary>
    public string RunDirectory { get; }

    /// <summary>The run's monotonic clock.</summary>
    public RunClock Clock { get; }

    /// <summary>The controller's log.</summary>
    public RunLog Log { get; }

    /// <summary>The node processes, n1 first.</summary>
    public IReadOnlyList<ChaosNode> Nodes { get; }

    /// <summary>The cluster size.</summary>
    public int NodeCount => Nodes.Count;

    /// <summary>Every fault change and step-down, for the checker.</summary>
    public FaultTimeline Timeline { get; }

    /// <summary>The delay line on the bridge.</summary>
    public DelayLine DelayLine { get; }

    /// <summary>Carries fault states out.</summary>
    public FaultInjector Injector { get; }

    /// <summary>The external observer.</summary>
    public Prober Prober { get; }

    /// <summary>CPU pressure, sampled every second.</summary>
    public CpuPressure Pressure { get; }

    /// <summary>
    /// What was going on at <paramref name="atMs"/> besides the Goose: the faults in force and the CPU pressure,
    /// to read a disruption against.
    /// </summary>
    public string Context(double atMs) => $"faults in force: {Timeline.StateAt(atMs).Describe()}; cpu some avg10 {Pressure.At(atMs)}%";

    /// <summary>Starts the delay line, loads empty nftables tables into every node namespace and starts the prober; no node runs yet.</summary>
    public static async Task<ChaosRun> StartAsync(ChaosOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var run = new ChaosRun(options, options.Seed ?? 1, options.RunDirectory ?? Directory.CreateTempSubdirectory("ddgc-chaos-").FullName);
        try
        {
            run.DelayLine.Start();
            await run.Injector.ApplyAsync(FaultState.Healthy(run.NodeCount), cancellationToken).ConfigureAwait(false);
            run.Prober.Start();
            return run;
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>n1 founds the cluster and becomes Goose, then the others join through it; returns once all agree on one Goose of all members for a second.</summary>
    public async Task<int> FormClusterAsync(CancellationToken cancellationToken)
    {
        Nodes[0].Start();
        await WaitForAsync(
            "n1 founds a cluster of one and answers Goose",
            r => r.Answers[0] is { IsGoose: true, Members: 1 },
            TimeSpan.FromSeconds(60),
            cancellationToken).ConfigureAwait(false);
        foreach (var node in Nodes.Skip(1))
        {
            node.Start();
        }

        var goose = await WaitForStableGooseAsync($"{NodeCount} nodes joined and agree on one Goose", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(90), cancellationToken)
            .ConfigureAwait(false);
        Log.Say($"cluster formed: {NodeCount} nodes, Goose {LabAddresses.NodeName(goose)}");
        return goose;
    }

    /// <summary>
    /// The Goose every node of <paramref name="among"/> (all nodes when null) that should be running agrees on in
    /// <paramref name="round"/>: each answered, exactly one of them answers Goose, each names it as Goose, and
    /// each knows every member; otherwise null.
    /// </summary>
    public int? AgreedGoose(ProbeRound round, IReadOnlyCollection<int>? among = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        var expected = (among ?? Enumerable.Range(0, NodeCount).ToList()).Where(Injector.Current.IsLive).ToList();
        var answers = round.Answers.Where(a => expected.Contains(a.Node)).ToList();
        if (answers.Count != expected.Count || answers.Any(a => !a.Answered || a.Members != NodeCount))
        {
            return null;
        }

        var geese = answers.Where(a => a.IsGoose).ToList();
        if (geese is not [var goose])
        {
            return null;
        }

        var id = LabAddresses.NodeName(goose.Node);
        return answers.All(a => a.GooseId == id) ? goose.Node : null;
    }

    /// <summary>Waits until <see cref="AgreedGoose"/> names the same node for <paramref name="stableFor"/>, and returns it.</summary>
    public async Task<int> WaitForStableGooseAsync(
        string phase,
        TimeSpan stableFor,
        TimeSpan deadline,
        CancellationToken cancellationToken,
        IReadOnlyCollection<int>? among = null)
    {
        int? goose = null;
        var since = 0.0;
        var round = await WaitForAsync(
            phase,
            r =>
            {
                var agreed = AgreedGoose(r, among);
                if (agreed is null || agreed != goose)
                {
                    goose = agreed;
                    since = r.SentMs;
                    return false;
                }

                return r.SentMs - since >= stableFor.TotalMilliseconds;
            },
            deadline,
            cancellationToken).ConfigureAwait(false);
        return AgreedGoose(round, among)!.Value;
    }

    /// <summary>
    /// Looks at each new complete probe round until <paramref name="condition"/> holds and returns that round; after
    /// <paramref name="deadline"/>, or as soon as a node that should run has exited by itself, throws a
    /// <see cref="ChaosWaitTimeoutException"/> naming <paramref name="phase"/>, the last round, and the node logs' tails.
    /// </summary>
    public async Task<ProbeRound> WaitForAsync(string phase, Func<ProbeRound, bool> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var start = Clock.NowMs;
        long seen = 0;
        ProbeRound? last = null;
        while (true)
        {
            if (Prober.LastCompleteRound is { } round && round.Number > seen)
            {
                seen = round.Number;
                last = round;
                if (condition(round))
                {
                    return round;
                }
            }

            if (Nodes.FirstOrDefault(n => n.ExitedByItself && Injector.Current.IsLive(n.Index)) is { } exited)
            {
                throw new ChaosWaitTimeoutException($"Phase '{phase}' cannot complete: {exited.Name} exited by itself.\n{DescribeLogs()}");
            }

            if (Clock.NowMs - start > deadline.TotalMilliseconds)
            {
                throw new ChaosWaitTimeoutException(
                    $"Phase '{phase}' timed out after {deadline.TotalSeconds:0.#} s. Last round: {(last is null ? "none" : Describe(last))}.\n{DescribeLogs()}");
            }

            await Task.Delay(Options.ProbeIntervalMs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the node answering Goose in the last round to hand over to <paramref name="target"/>
    /// (<c>POST /cluster/step-down</c>), recording the request in the timeline; returns what happened, in words.
    /// </summary>
    public async Task<string> StepDownAsync(int target, CancellationToken cancellationToken)
    {
        if (Prober.LastCompleteRound?.Geese is not [var goose])
        {
            return "no single Goose to ask";
        }

        Timeline.RecordStepDown(Clock.NowMs);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var result = await _apis[goose.Node].StepDownAsync(new StepDownRequest(LabAddresses.NodeName(target)), timeout.Token).ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture, $"Goose {LabAddresses.NodeName(goose.Node)} handed over to {result.Goose.Id} in term {result.Term} ({result.ElapsedMs:0} ms)");
        }
        catch (DuckApiException e)
        {
            return $"Goose {LabAddresses.NodeName(goose.Node)} answered {(int)e.StatusCode} {e.Problem?.Type ?? e.Message}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"Goose {LabAddresses.NodeName(goose.Node)} did not answer: {e.GetType().Name}";
        }
    }

    /// <summary>
    /// Every node's recent election events (<c>GET /events</c>, the last <paramref name="limit"/> or all the node
    /// keeps since its last start), one line each with its reason, for the evidence files.
    /// </summary>
    public async Task<string> DescribeEventsAsync(int? limit, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var node in Nodes)
        {
            text.Append("--- ").Append(node.Name).AppendLine(" /events (wall clock, UTC):");
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                foreach (var e in await _apis[node.Index].GetEventsAsync(limit, timeout.Token).ConfigureAwait(false))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{e.At:HH:mm:ss.fff} term {e.Term} {e.PreviousState}/{e.PreviousRole} -> {e.State}/{e.Role} goose {e.GooseId ?? "none"}: {e.Reason}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or DuckApiException && !cancellationToken.IsCancellationRequested)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"(no answer: {e.GetType().Name})");
            }
        }

        return text.ToString();
    }

    /// <summary>One line for a probe round, such as <c>n1: Goose (Leader, term 3, goose n1); n2: timeout</c>.</summary>
    public static string Describe(ProbeRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return string.Join("; ", round.Answers.Select(a => a.Answered
            ? $"n{a.Node + 1}: {a.Role} ({a.State}, term {a.Term}, goose {a.GooseId ?? "none"}, {a.Members} members)"
            : $"n{a.Node + 1}: {a.Error}"));
    }

    /// <summary>The tail of every node's log.</summary>
    public string DescribeLogs()
    {
        var text = new StringBuilder();
        foreach (var node in Nodes)
        {
            text.Append("--- ").Append(node.Name).Append(" (").Append(node.LogPath).AppendLine(") last lines:");
            text.AppendLine(node.LogTail());
        }

        return text.ToString();
    }

    /// <summary>Stops the prober, kills every node, closes the delay line and the log.</summary>
    public async ValueTask DisposeAsync()
    {
        await Prober.DisposeAsync().ConfigureAwait(false);
        foreach (var node in Nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        await DelayLine.DisposeAsync().ConfigureAwait(false);
        await Pressure.DisposeAsync().ConfigureAwait(false);
        Log.Dispose();
    }
}
