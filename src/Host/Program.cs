using DuckDuckGoose.Host;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Metrics;

try
{
    var builder = NodeHost.CreateBuilder(args);   // appsettings.json, DUCK_* variables, --name value
    builder.AddDuckDuckGoose();                    // settings read and validated once, plugins loaded, services

    var app = builder.Build();
    var metrics = app.BuildMetricsAsync();         // the meter provider, built on another thread meanwhile
    await app.BootstrapNodeAsync();                // identity, plugins picked, transport reaches self, state, actor
    await metrics;
    app.UseProblemResponses();                     // RFC 9457 for every error, body limits, admin token
    app.UseNodeOpenApi();                          // /swagger/v1/swagger.json (committed copy) and Swagger UI at /swagger
    app.MapStatusEndpoints();                      // /status, /goose, /duck
    app.MapAdminEndpoints();                       // /cluster, /cluster/members, /cluster/step-down, /events
    app.MapEventStream();                          // /events/stream: status, cluster and election events as they happen
    app.MapDashboard();                            // /dashboard: a live page on every member's stream
    app.MapPeerEndpoints();                        // POST {transport prefix}/message
    app.MapMetrics();                              // /metrics (Prometheus text format)

    await app.RunAsync();                          // starts the actor and the transports, then serves
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
