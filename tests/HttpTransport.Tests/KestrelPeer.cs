using System.Text.Json;
using DuckDuckGoose.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// A real serving node for the HTTP transport: Kestrel on the member's 127.0.0.1 URL, mapping
/// <c>POST /raft/message</c> to an <see cref="IPeerMessageHandler"/> as the host's PeerEndpoints does
/// (a body that is not a peer message gets 400 and never reaches the handler), and <c>GET /raft/stream</c>
/// to <see cref="HttpTransport.ServeStreamAsync"/>, so a client's sends go over the stream.
/// </summary>
internal sealed class KestrelPeer : IAsyncDisposable
{
    public const long MaxBodyBytes = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly HttpTransport _serving;
    private int _posted;
    private int _streams;

    private KestrelPeer(WebApplication app, HttpTransport serving)
    {
        _app = app;
        _serving = serving;
    }

    /// <summary>
    /// Serves <paramref name="peer"/>'s address. With <paramref name="tls"/> it serves https with its certificate
    /// and, as the host does with tls-ca-file, asks for a client certificate the CA issued (another fails the
    /// handshake) and answers a message that came without one with 403.
    /// </summary>
    public static async Task<KestrelPeer> StartAsync(Member peer, IPeerMessageHandler handler, PeerTls? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(peer.PeerAddress);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            if (tls is { Certificate: { } certificate, Authority: not null })
            {
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ServerCertificate = certificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.CheckCertificateRevocation = false;
                    https.ClientCertificateValidation = (client, _, _) => tls.IsIssuedByAuthority(client);
                });
            }
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        KestrelPeer? self = null;
        app.MapPost("/raft/message", (HttpRequest request, CancellationToken cancellationToken) =>
        {
            Interlocked.Increment(ref self!._posted);
            return HandleAsync(request, handler, cancellationToken);
        });

        // The peer stream, served by the transport itself as the host's PeerEndpoints has it do.
        var serving = new HttpTransport(new TransportSetup(peer, TimeSpan.FromSeconds(5)), NullLogger<HttpTransport>.Instance);
        app.UseWebSockets();
        app.MapGet(serving.StreamPath, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest || (context.Request.IsHttps && context.Connection.ClientCertificate is null))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref self!._streams);
            await serving.ServeStreamAsync(socket, handler, app.Lifetime.ApplicationStopping);
        });
        self = new KestrelPeer(app, serving);
        await app.StartAsync();
        return self;
    }

    /// <summary>Messages that came by <c>POST /raft/message</c>.</summary>
    public int Posted => Volatile.Read(ref _posted);

    /// <summary>Streams accepted on <c>GET /raft/stream</c>.</summary>
    public int Streams => Volatile.Read(ref _streams);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _serving.DisposeAsync();
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IPeerMessageHandler handler, CancellationToken cancellationToken)
    {
        if (request.IsHttps && request.HttpContext.Connection.ClientCertificate is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "urn:duckduckgoose:peer:no-client-certificate");
        }

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
