using DuckDuckGoose.Fuzz;

// Fuzzing: malformed input and forged peer messages at a real 3-node cluster on loopback.
// `dotnet run -c Release --project tools/Fuzz -- --count 100000` (see README "Fuzzing").
if (!FuzzOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(FuzzOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(FuzzOptions.Usage);
    return 0;
}

return await FuzzRunner.RunAsync(options);
