// The baseline of bench/Node: a bare minimal-API app with one small JSON endpoint, started as
// `dotnet DuckDuckGoose.Bench.Bare.dll --urls http://127.0.0.1:PORT`.
var builder = WebApplication.CreateBuilder(args);   // as the host does (NodeHost.CreateBuilder)
var app = builder.Build();
app.MapGet("/status", () => TypedResults.Ok(new BareStatus("bare", "Goose", 1)));
app.Run();

/// <summary>A small object of about the size of a node's status.</summary>
internal sealed record BareStatus(string Id, string Role, long Term);
