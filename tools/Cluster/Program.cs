using DuckDuckGoose.Cluster;

// Quick start: a local cluster of node processes and a live view of which node is the Goose.
// `dotnet run --project tools/Cluster [-- --nodes 3 --keep]`; keys k/r/a/q when stdin is a terminal.
// Ctrl+C, SIGTERM, SIGHUP and q stop every node; LocalCluster also kills any still running on ProcessExit.
if (DemoOptions.TryParse(args, out var options, out var error) is false)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(DemoOptions.Usage);
    return 2;
}

using var shutdown = new ShutdownSignal();
await using var demo = new ClusterDemo(options, Console.Out);
return await demo.RunAsync(shutdown.Token);
