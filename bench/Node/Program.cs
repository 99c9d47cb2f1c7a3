using System.Globalization;
using DuckDuckGoose.Bench.Node;
using DuckDuckGoose.Bench.Node.FailoverLab;
using DuckDuckGoose.LocalCluster;

// Node-cost benchmark, issue 10 (not a test): `dotnet run -c Release --project bench/Node -- [--runs 3] [--output FILE|-]`.
// The failover row runs this same program again inside the lab's bridge namespace, as its controller.
if (args is [FailoverLabController.Argument, var resultPath, var trialCount, var runDirectory])
{
    using var abort = new ShutdownSignal();
    return await FailoverLabController.RunAsync(resultPath, int.Parse(trialCount, CultureInfo.InvariantCulture), runDirectory, abort.Token);
}

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

// The first Ctrl+C (or SIGTERM) stops in order, every process killed; NodeProcess also kills nodes on ProcessExit.
using var stop = new ShutdownSignal();

try
{
    var built = await PublishedApps.PublishAsync(Console.Out, stop.Token);
    var loadAtStart = LoadAverage.Read();
    Console.WriteLine($"load average {loadAtStart} at the start");
    var rows = await new NodeCostBenchmark(options, Console.Out).RunAsync(stop.Token);
    var loadAtEnd = LoadAverage.Read();

    var report = NodeCostReport.Render(options, rows, built, loadAtStart, loadAtEnd);
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
catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
