// The baseline of bench/Node: a bare minimal-API app with one small JSON endpoint, started as
// `dotnet DuckDuckGoose.Bench.Bare.dll --urls http://127.0.0.1:PORT`.
//
// With BARE_HEARTBEATS set it is also the floor of an idle cluster's message pattern: it echoes binary frames
// on a WebSocket at /stream (as a Duck answers the Goose's heartbeats on its peer stream), and when
// BARE_HEARTBEAT_TO names other bare apps' stream URLs (comma-separated) it sends each a frame of
// BARE_HEARTBEAT_BYTES every BARE_HEARTBEATS milliseconds from a thread of its own (as a Goose's wake-up thread
// does). Unset, the app is exactly the bare app of the other rows: no WebSocket middleware is added.
using DuckDuckGoose.Bench.Bare;

var builder = WebApplication.CreateBuilder(args);   // as the host does (NodeHost.CreateBuilder)
var app = builder.Build();
app.MapGet("/status", () => TypedResults.Ok(new BareStatus("bare", "Goose", 1)));
if (BareHeartbeats.FromEnvironment() is { } heartbeats)
{
    heartbeats.Map(app);
}

app.Run();

/// <summary>A small object of about the size of a node's status.</summary>
internal sealed record BareStatus(string Id, string Role, long Term);
