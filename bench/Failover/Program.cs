using DuckDuckGoose.Bench.Failover;
using DuckDuckGoose.LocalCluster;

// Failover benchmark (not a test): `dotnet run -c Release --project bench/Failover -- --trials 25`.
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
    var benchmark = new FailoverBenchmark(options, Console.Out);
    var series = new List<FailoverSeries>();
    foreach (var timeout in options.ElectionTimeouts)
    {
        series.Add(await benchmark.RunAsync(timeout, stop.Token));
    }

    var report = FailoverReport.Render(options, series);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.Output is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine($"Written to {path}");
    }

    return series.Any(s => s.Failed > 0) ? 1 : 0;
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
