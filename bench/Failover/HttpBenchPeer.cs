using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using DuckDuckGoose.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Bench.Failover;

/// <summary>
/// A serving peer for the HTTP transport: Kestrel on 127.0.0.1 mapping <c>POST /raft/message</c> to an
/// <see cref="IPeerMessageHandler"/>, as the host's PeerEndpoints does (JSON <see cref="PeerMessage"/> in,
/// its reply out), and <c>GET /raft/stream</c> to the transport's stream, without the node behind it. With TLS material it serves https and asks for a client
/// certificate from the CA, as the host does with tls-ca-file (a message without one gets 403).
/// </summary>
internal sealed class HttpBenchPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpTransport _serving;

    private HttpBenchPeer(WebApplication app, HttpTransport serving)
    {
        _app = app;
        _serving = serving;
    }

    public static async Task<HttpBenchPeer> StartAsync(string url, IPeerMessageHandler handler, PeerTls? tls, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        if (tls is { Certificate: { } certificate, Authority: not null })
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = (client, _, _) => tls.IsIssuedByAuthority(client);
            }));
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.MapPost("/raft/message", async (HttpRequest request, CancellationToken token) =>
        {
            if (request.IsHttps && request.HttpContext.Connection.ClientCertificate is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var message = await JsonSerializer.DeserializeAsync(request.Body, PeerJsonContext.Default.PeerMessage, token);
            return message is null
                ? Results.BadRequest()
                : TypedResults.Json(await handler.HandleAsync(message, token), PeerJsonContext.Default.PeerMessage);
        });

        // The peer stream the transport's sends go over, served by the transport itself as the host has it do.
        var serving = new HttpTransport(new TransportSetup(new Member("bench-peer", url), TimeSpan.FromSeconds(5)), NullLogger<HttpTransport>.Instance);
        app.UseWebSockets();
        app.MapGet(serving.StreamPath, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest || (context.Request.IsHttps && context.Connection.ClientCertificate is null))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await serving.ServeStreamAsync(socket, handler, app.Lifetime.ApplicationStopping);
        });
        await app.StartAsync(cancellationToken);
        return new HttpBenchPeer(app, serving);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _serving.DisposeAsync();
    }
}
