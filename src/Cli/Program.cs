using DuckDuckGoose.Cli;

return await DuckCtl.RunAsync(args, CliConsole.FromProcess());
