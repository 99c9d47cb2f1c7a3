using DuckDuckGoose.Host;
using DuckDuckGoose.Host.Http;

try
{
    var builder = NodeHost.CreateBuilder(args);   // appsettings.json, DUCK_* variables, --name value
    builder.AddDuckDuckGoose();                    // options, plugins, durable state, node actor

    var app = builder.Build();
    app.UseProblemResponses();                     // RFC 7807 for every error
    app.MapStatusEndpoints();                      // /status, /goose, /duck
    app.MapPeerEndpoints();                        // POST {transport prefix}/message

    await app.RunAsync();
    return Environment.ExitCode;
}
catch (Exception error) when (StartupFailure.TryDescribe(error, out var problems))
{
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync(problem);
    }

    return 2;
}
