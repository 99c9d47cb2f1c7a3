using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Fuzz.Checking;
using DuckDuckGoose.Fuzz.Forgery;
using DuckDuckGoose.Fuzz.Inputs;
using DuckDuckGoose.Fuzz.Sending;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Fuzz;

/// <summary>
/// The run: start the cluster, wait until it is stable and record its state, send the inputs batch by batch
/// with a liveness check after each, compare the state with the start, then (without a secret) the Raft-level
/// forgeries only a secret would stop, and write the report.
/// </summary>
public static class FuzzRunner
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Runs the fuzzer; returns the process exit code.</summary>
    public static async Task<int> RunAsync(FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = options.Seed ?? Random.Shared.Next();
        var runDirectory = options.RunDirectory
                           ?? Path.Combine(Path.GetTempPath(), "ddg-fuzz-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));
        if (Directory.Exists(Path.Combine(runDirectory, "cluster")))
        {
            // Old data directories would make the nodes resume an old cluster instead of founding one.
            Console.Error.WriteLine($"fuzz: {runDirectory} already holds a cluster folder from an earlier run; give an empty or new --run-dir");
            return 2;
        }

        Directory.CreateDirectory(runDirectory);
        var adminToken = "fuzz-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        Console.WriteLine($"fuzz: seed {seed} (replay with --seed {seed}), {options.Count:N0} inputs, {options.Nodes} nodes, transports {options.TransportList}, "
                          + $"cluster secret {(options.ClusterSecret is null ? "none" : "set")}, run directory {runDirectory}");

        var environment = new Dictionary<string, string> { ["DUCK_ADMIN_TOKEN"] = adminToken };
        if (options.ClusterSecret is { } secret)
        {
            environment["DUCK_CLUSTER_SECRET"] = secret;
        }

        await using var cluster = new ProcessCluster(new ProcessClusterOptions
        {
            RootDirectory = Path.Combine(runDirectory, "cluster"),
            // Every node also serves POST /raft/message (HttpTransport is loaded), so both ports are open.
            Transport = options.ZeroMq ? "zeromq" : null,
            PeerPorts = options.ZeroMq,
            // A longer timeout than the default 150 ms: the fuzzer and three nodes share a loaded 2-core machine,
            // and an election caused by a starved process would read as a state change caused by an input.
            CommonSettings = new() { ["election-timeout-ms"] = "1000", ["heartbeat-ms"] = "100" },
            CommonEnvironment = environment,
            StatusTimeout = TimeSpan.FromSeconds(5),
        });
        cluster.KeepDirectory = true;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        FuzzReport report;
        try
        {
            report = await FuzzAsync(cluster, options, seed, adminToken, stop.Token);
        }
        catch (ClusterWaitTimeoutException e)
        {
            Console.Error.WriteLine($"fuzz: the cluster did not settle: {e.Message}");
            return 1;
        }

        var text = report.Render();
        Console.WriteLine();
        Console.WriteLine(text);
        var reportPath = Path.Combine(runDirectory, "report.md");
        await File.WriteAllTextAsync(reportPath, text, CancellationToken.None);
        Console.WriteLine($"fuzz: report written to {reportPath}");
        if (report.Passed && !options.Keep)
        {
            cluster.KeepDirectory = false;
        }

        return report.Passed ? 0 : 1;
    }

    private static async Task<FuzzReport> FuzzAsync(ProcessCluster cluster, FuzzOptions options, int seed, string adminToken, CancellationToken cancellationToken)
    {
        await cluster.StartAsync(options.Nodes, NodeSettingsStyle.CommandLine, Deadline, cancellationToken);
        await cluster.WaitForStableGooseAsync("every node names one Goose for 3 s", options.Nodes, TimeSpan.FromSeconds(3), Deadline, cancellationToken);
        var nodes = cluster.Nodes;
        var start = await ObserveAsync(cluster, cancellationToken);
        var statuses = start.Probes.Select(p => p.Status!).ToList();
        var goose = statuses.First(s => s.Role == NodeRole.Goose);
        var view = await nodes.First(n => n.Url == goose.Url || n.Launch.Port == new Uri(goose.Url).Port).Api.GetClusterAsync(cancellationToken);
        var facts = new ClusterFacts(
            goose.ClusterId ?? throw new InvalidOperationException("the Goose reports no cluster id"),
            goose.Term,
            goose.Id,
            [.. statuses.Select(s => s.Id)],
            view.Members.Max(m => m.MatchIndex ?? 0));
        var baseline = ClusterState.Of(statuses);
        using var http = new HttpClient();
        var document = await http.GetStringAsync(new Uri(new Uri(nodes[0].Url), OpenApiEndpoints.DocumentPath), cancellationToken);
        var endpoints = OpenApiEndpoints.Parse(document);
        Console.WriteLine($"fuzz: cluster {facts.ClusterId} stable: term {facts.Term}, Goose {facts.GooseId}, members {string.Join(", ", facts.MemberIds)}; "
                          + $"{endpoints.Count} operations in the OpenAPI document: {string.Join(", ", endpoints.Select(e => $"{e.Method} {e.Path}"))}, plus POST /raft/message");

        var forgeries = new ForgerySource(new ForgeryFactory(facts), withSecret: options.ClusterSecret is not null);
        var generator = new InputGenerator(seed, new InputPlan(nodes.Count, facts.MemberIds, endpoints, adminToken, options.Http, options.ZeroMq, forgeries));
        var tally = new FuzzTally();
        using var httpSender = new HttpSender([.. nodes.Select(n => n.Url)]);
        using var zeroMq = new ZeroMqSender([.. nodes.Select(n => n.PeerAddress)]);
        var delivery = new ForgeryDelivery(new ForgerySigner(options.ClusterSecret), httpSender, zeroMq, facts.MemberIds, options.Http, options.ZeroMq);
        var crashes = 0;
        var checks = 0;
        var stopwatch = Stopwatch.StartNew();
        for (long first = 0; first < options.Count && crashes == 0 && !cancellationToken.IsCancellationRequested; first += options.Batch)
        {
            var inputs = Enumerable.Range(0, (int)Math.Min(options.Batch, options.Count - first)).Select(i => generator.Next(first + i)).ToList();
            // ZeroMQ sockets are not thread-safe: every ZeroMQ delivery (and every replay whose first delivery goes
            // over the other transport) runs on one task, HTTP and raw TCP inputs in parallel beside it.
            var sequential = inputs.Where(i => i.Kind == InputKind.ZeroMqMessage || i.Forgery?.FirstDelivery == "other").ToList();
            var parallel = inputs.Except(sequential).ToList();
            var zeroMqTask = Task.Run(async () =>
            {
                // Forgeries wait for their reply; junk does not (a node drops it unanswered, by design), and the
                // replies junk does get are collected after the batch and matched by correlation id.
                var junk = new List<FuzzInput>();
                foreach (var input in sequential)
                {
                    if (input.Forgery is not null)
                    {
                        tally.Add(input, await delivery.DeliverAsync(input, cancellationToken));
                        continue;
                    }

                    zeroMq.Send(input, wait: false);
                    junk.Add(input);
                    if (input.Description == "oversized-body")
                    {
                        // The node drops the connection of a peer that sends a frame over its limit.
                        zeroMq.Reset(input.Node);
                    }
                }

                zeroMq.Collect(TimeSpan.FromMilliseconds(200));
                foreach (var input in junk)
                {
                    tally.Add(input, zeroMq.Collected((ulong)input.Index) ?? new Answer("dropped"));
                }
            }, cancellationToken);
            await Parallel.ForEachAsync(
                parallel,
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (input, ct) =>
                {
                    var answer = input.Kind switch
                    {
                        _ when input.Forgery is not null => await delivery.DeliverAsync(input, ct),
                        InputKind.Http => await httpSender.SendAsync(input, ct),
                        InputKind.RawHttp => await RawTcpSender.SendAsync(nodes[input.Node].Port, input.Body!, TimeSpan.FromSeconds(3), firstChunk: false, ct),
                        _ => await RawTcpSender.SendAsync(PeerPort(nodes[input.Node]), input.Body!, TimeSpan.FromMilliseconds(500), firstChunk: true, ct),
                    };
                    tally.Add(input, answer);
                });
            await zeroMqTask;

            checks++;
            crashes += await CheckAliveAsync(cluster, zeroMq, options.ZeroMq, facts, tally, first + inputs.Count, cancellationToken);
            if ((first / options.Batch) % 20 == 19 || first + options.Batch >= options.Count)
            {
                Console.WriteLine($"fuzz: {first + inputs.Count:N0} inputs in {stopwatch.Elapsed.TotalSeconds:0} s; 5xx {tally.ServerErrors}, forgeries taken {tally.Accepted} of {tally.Forged}, crashes {crashes}");
            }
        }

        var elapsed = stopwatch.Elapsed;
        // Let any change an input caused show, then compare with the start.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var end = ClusterState.Of((await ObserveAsync(cluster, cancellationToken)).Probes.Select(p => p.Status));
        var differences = baseline.Differences(end);
        foreach (var difference in differences)
        {
            tally.Note("state changed: " + difference);
        }

        var unauthenticated = options.ClusterSecret is null && crashes == 0
            ? await UnauthenticatedAsync(cluster, httpSender, zeroMq, options, facts, end, cancellationToken)
            : [];
        var header = new List<string>
        {
            $"seed {seed} (`--seed {seed}`), {options.Count:N0} inputs, batches of {options.Batch}, {options.Concurrency} HTTP inputs in flight",
            $"{options.Nodes} node processes on 127.0.0.1, transports fuzzed: {options.TransportList}, cluster secret: {(options.ClusterSecret is null ? "none" : "set")}",
            $"at the start: term {facts.Term}, Goose {facts.GooseId}, members {string.Join(", ", facts.MemberIds)}",
            $"forgery cases in the run: {string.Join(", ", forgeries.Cases.Distinct())}",
            $"ZeroMQ replies read while not waiting for them (to junk, or after a forgery's 3 s wait): {zeroMq.LateReplies}",
        };
        if (delivery.Originals > 0)
        {
            header.Add($"replays: {delivery.Originals} first deliveries (a member's validly signed pre-vote), {delivery.OriginalsTaken} of them taken, as they should be; each repeat is counted as a forgery");
        }

        return new FuzzReport(tally, crashes, checks, differences, elapsed, header, unauthenticated);
    }

    /// <summary>Every node runs and answers GET /status, and (when fuzzed) its ZeroMQ port answers a refused request; returns how many do not.</summary>
    private static async Task<int> CheckAliveAsync(
        ProcessCluster cluster, ZeroMqSender zeroMq, bool checkZeroMq, ClusterFacts facts, FuzzTally tally, long after, CancellationToken cancellationToken)
    {
        var dead = 0;
        var snapshot = await cluster.ObserveAsync(cancellationToken);
        foreach (var probe in snapshot.Probes)
        {
            if (!probe.Node.IsRunning || probe.Status is null)
            {
                // One more chance for a slow answer on a busy machine; a process that exited gets none.
                var again = probe.Node.IsRunning ? await probe.Node.ProbeAsync(cancellationToken) : probe;
                if (again.Status is null)
                {
                    dead++;
                    tally.Note($"after input {after}: {probe.Node.Name} {(probe.Node.IsRunning ? "does not answer GET /status: " + again.Error : $"exited with code {probe.Node.ExitCode}")} (log: {probe.Node.LogPath})");
                }
            }
        }

        if (checkZeroMq)
        {
            var factory = new ForgeryFactory(facts);
            for (var node = 0; node < cluster.Nodes.Count; node++)
            {
                var probe = factory.Create("foreign-cluster-vote", facts.MemberIds[node], new Random(node));
                var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(probe.Message, PeerJsonContext.Default.PeerMessage);
                var input = new FuzzInput(-1, FuzzCategory.ForgedZeroMq, node, InputKind.ZeroMqMessage, "liveness")
                {
                    Frames = [ZeroMqJunk.Header(ZeroMqJunk.Request, ulong.MaxValue - (ulong)node), body],
                    Correlation = ulong.MaxValue - (ulong)node,
                };
                var answer = zeroMq.Send(input);
                if (answer.Class != "zmq-failure")
                {
                    zeroMq.Reset(node);
                    answer = zeroMq.Send(input);
                }

                if (answer.Class != "zmq-failure")
                {
                    dead++;
                    tally.Note($"after input {after}: n{node + 1}'s ZeroMQ port answered a foreign-cluster vote with {answer.Class}, not a failure");
                }
            }
        }

        return dead;
    }

    /// <summary>
    /// Without a secret: each forgery only a secret can stop (<see cref="ForgeryGuard.Secret"/>), once per node and
    /// transport, after the state check; says which were taken and what they changed.
    /// </summary>
    private static async Task<List<string>> UnauthenticatedAsync(
        ProcessCluster cluster, HttpSender http, ZeroMqSender zeroMq, FuzzOptions options, ClusterFacts facts, ClusterState before, CancellationToken cancellationToken)
    {
        var factory = new ForgeryFactory(facts);
        var lines = new List<string>();
        var random = new Random(7);
        foreach (var name in ForgeryFactory.SecretCases)
        {
            var results = new List<string>();
            for (var node = 0; node < cluster.Nodes.Count; node++)
            {
                var forged = factory.Create(name, facts.MemberIds[node], random);
                var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(forged.Message, PeerJsonContext.Default.PeerMessage);
                if (options.Http)
                {
                    var input = new FuzzInput(-1, FuzzCategory.ForgedHttp, node, InputKind.Http, name)
                    {
                        Method = "POST", Path = "/raft/message", ContentType = "application/json", Body = body,
                    };
                    results.Add($"n{node + 1} http {(await http.SendAsync(input, cancellationToken)).Class}");
                }

                if (options.ZeroMq)
                {
                    var input = new FuzzInput(-1, FuzzCategory.ForgedZeroMq, node, InputKind.ZeroMqMessage, name)
                    {
                        Frames = [ZeroMqJunk.Header(ZeroMqJunk.Request, 1_000_000_000UL + (ulong)lines.Count * 10 + (ulong)node), body],
                        Correlation = 1_000_000_000UL + (ulong)lines.Count * 10 + (ulong)node,
                    };
                    results.Add($"n{node + 1} zeromq {zeroMq.Send(input).Class}");
                }
            }

            lines.Add($"`{name}`: {string.Join(", ", results)}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var after = ClusterState.Of((await ObserveAsync(cluster, cancellationToken)).Probes.Select(p => p.Status));
        var changes = before.Differences(after);
        lines.Add("Raft has no sender authentication: 2xx / zmq-reply means the node took the message. "
                  + (changes.Count == 0 ? "The cluster's state did not change." : "The cluster's state then changed: " + string.Join("; ", changes)));
        return lines;
    }

    private static async Task<ClusterSnapshot> ObserveAsync(ProcessCluster cluster, CancellationToken cancellationToken) =>
        await cluster.ObserveAsync(cancellationToken);

    private static int PeerPort(NodeProcess node) => node.Launch.PeerPort ?? node.Port;
}
