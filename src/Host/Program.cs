using DuckDuckGoose.Host;
using DuckDuckGoose.Host.Http;

try
{
    var builder = NodeHost.CreateBuilder(args);   // appsettings.json, DUCK_* variables, --name value
    builder.AddDuckDuckGoose();                    // options, plugins, durable state, node actor

    var app = builder.Build();
    app.UseProblemResponses();                     // RFC 9457 for every error, body limits, admin token
    app.UseNodeOpenApi();                          // /swagger/v1/swagger.json (committed copy) and Swagger UI at /swagger
    app.MapStatusEndpoints();                      // /status, /goose, /duck
    app.MapAdminEndpoints();                       // /cluster, /cluster/members, /cluster/step-down, /events
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
