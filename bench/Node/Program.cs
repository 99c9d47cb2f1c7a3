using DuckDuckGoose.Bench.Node;

// Node-cost benchmark, issue 10 (not a test): `dotnet run -c Release --project bench/Node -- [--runs 3] [--output FILE|-] [--only start,idle,...]`.
if (!NodeBenchOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(NodeBenchOptions.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(NodeBenchOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops in order (every process killed); NodeProcess also kills nodes on ProcessExit.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

try
{
    var loadAtStart = ProcStats.LoadAverage();
    Console.WriteLine($"load average {loadAtStart} at the start");
    var rows = await new NodeCostBenchmark(options, Console.Out).RunAsync(stop.Token);
    var loadAtEnd = ProcStats.LoadAverage();

    var report = NodeCostReport.Render(options, rows, loadAtStart, loadAtEnd);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.Output is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine($"Written to {path}");
    }

    return rows.Any(r => r.Failed) ? 1 : 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
