using DuckDuckGoose.Bench.Failover;
using DuckDuckGoose.LocalCluster;

// Transport, security and failover benchmark (not a test):
// `dotnet run -c Release --project bench/Failover -- --trials 20 --transports http,zeromq --security plain,secret`.
if (FailoverOptions.TryParse(args, out var options, out var error) is false)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(FailoverOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops in order (every node killed); NodeProcess also kills nodes on ProcessExit.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

try
{
    var loads = new List<string>();
    void NoteLoad(string when)
    {
        var load = $"{LoadAverage.Read()} {when}";
        loads.Add(load);
        Console.WriteLine($"load average {load}");
    }

    // A throwaway secret and CA for this run: the secured series' nodes and the round trip's two ends share them.
    using var credentials = BenchCredentials.Create(options);

    NoteLoad("at the start");
    var roundTrips = await new RoundTripBenchmark(options, credentials, Console.Out).RunAsync(stop.Token);
    NoteLoad("after the round trips");

    var series = await new FailoverBenchmark(options, credentials, Console.Out, NoteLoad).RunAsync(stop.Token);

    var report = FailoverReport.Render(options, roundTrips, series, loads);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.Output is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine($"Written to {path}");
    }

    return series.Any(s => s.Failed > 0) || roundTrips.Any(r => r.Failed > 0 || r.Count == 0) ? 1 : 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
catch (ClusterWaitTimeoutException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
