using DuckDuckGoose.Chaos;

// Chaos suite: real node processes on namespaced networks, random faults, an external prober and a checker.
// `dotnet run -c Release --project tools/Chaos -- --faults 1000` (as root; see README "Chaos suite").
if (!ChaosOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(ChaosOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(ChaosOptions.Usage);
    return 0;
}

return options.Inner
    ? await ChaosController.RunAsync(options)
    : await ChaosLauncher.RunAsync(options);
