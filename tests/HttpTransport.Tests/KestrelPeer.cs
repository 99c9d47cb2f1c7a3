using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// A real serving node for the HTTP transport: Kestrel on the member's 127.0.0.1 URL, mapping
/// <c>POST /raft/message</c> to an <see cref="IPeerMessageHandler"/> as the host's PeerEndpoints does
/// (a body that is not a peer message gets 400 and never reaches the handler).
/// </summary>
internal sealed class KestrelPeer : IAsyncDisposable
{
    public const long MaxBodyBytes = 1024 * 1024;

    private readonly WebApplication _app;

    private KestrelPeer(WebApplication app) => _app = app;

    public static async Task<KestrelPeer> StartAsync(Member peer, IPeerMessageHandler handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(peer.PeerAddress);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.MapPost("/raft/message", (HttpRequest request, CancellationToken cancellationToken) => HandleAsync(request, handler, cancellationToken));
        await app.StartAsync();
        return new KestrelPeer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IPeerMessageHandler handler, CancellationToken cancellationToken)
    {
        PeerMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(request.Body, PeerJsonContext.Default.PeerMessage, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or BadHttpRequestException)
        {
            message = null;
        }

        if (message is null)
        {
            return TypedResults.BadRequest();
        }

        return TypedResults.Json(await handler.HandleAsync(message, cancellationToken), PeerJsonContext.Default.PeerMessage);
    }
}
