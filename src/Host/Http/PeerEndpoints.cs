using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Plugins;
using DuckDuckGoose.Host.Security;
using DuckDuckGoose.Host.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Peer RPCs for a transport whose inbound side is this host's HTTP server (<see cref="IHttpRoutedTransport"/>):
/// <c>POST {RoutePrefix}/message</c>, a JSON <see cref="PeerMessage"/> in and its reply out.
/// </summary>
public static class PeerEndpoints
{
    /// <summary>
    /// Maps the peer endpoint of the selected transport, if it is HTTP-routed (tag <c>Peers</c>); with
    /// tls-ca-file set it takes only requests that came with a client certificate (<see cref="PeerCertificateFilter"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapPeerEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The plugins were picked by NodeBootstrap before mapping. Served whenever an HTTP-routed transport is loaded, even when another is selected: peers that
        // still know this node by its HTTP address keep reaching it while a cluster changes transports.
        var plugins = app.ServiceProvider.GetRequiredService<NodePlugins>();
        if (plugins.Transport.Transports.OfType<IHttpRoutedTransport>().FirstOrDefault() is { } routed)
        {
            var endpoint = app.MapPost($"{routed.RoutePrefix.TrimEnd('/')}/message", PostMessageAsync)
                .WithName("PostPeerMessage")
                .WithTags("Peers")
                .ExcludeFromDescription()
                .WithSummary($"A peer message for this node through the '{((ITransport)routed).Name}' transport; answers with the reply.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
            if (app.ServiceProvider.GetRequiredService<NodeTls>().RequiresPeerCertificates)
            {
                endpoint.AddEndpointFilter<PeerCertificateFilter>();
            }

            if (routed is IHttpStreamTransport streamed)
            {
                var stream = app.MapGet(streamed.StreamPath, (HttpContext context, IPeerMessageHandler handler, IHostApplicationLifetime lifetime) =>
                        ServeStreamAsync(context, streamed, handler, lifetime))
                    .WithName("OpenPeerStream")
                    .WithTags("Peers")
                    .ExcludeFromDescription()
                    .WithSummary($"A WebSocket carrying peer messages for this node through the '{((ITransport)routed).Name}' transport, each answered on it.")
                    .ProducesProblem(StatusCodes.Status400BadRequest)
                    .ProducesProblem(StatusCodes.Status403Forbidden)
                    .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
                if (app.ServiceProvider.GetRequiredService<NodeTls>().RequiresPeerCertificates)
                {
                    stream.AddEndpointFilter<PeerCertificateFilter>();
                }
            }
        }

        app.MapPost(ProofPath, PostProof)
            .WithName("PostJoinProof")
            .WithTags("Peers")
            .ExcludeFromDescription()
            .WithSummary("Answers a Goose's join challenge with tags only a holder of the cluster secret can make.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Where a Goose holding a cluster secret asks a node it is to add to prove the secret.</summary>
    public const string ProofPath = "/raft/proof";

    /// <summary>
    /// <c>POST /raft/proof</c>: this node's <see cref="JoinProof"/> for the challenge, over its own id and
    /// addresses; 404 when it holds no cluster secret. Answering changes nothing.
    /// </summary>
    public static Results<JsonHttpResult<JoinProof>, ProblemHttpResult> PostProof(
        [FromJsonBody] JoinChallenge challenge,
        PeerSecurity security,
        NodeActor node)
    {
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(node);
        if (challenge is null || string.IsNullOrEmpty(challenge.Goose) || challenge.Goose.Length > 64
            || challenge.Challenge is not { Length: >= 32 and <= 128 })
        {
            return TypedResults.Problem(title: "Malformed join challenge", detail: "'goose' (a node id) and 'challenge' (base64 of 32 random bytes) are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (security.Secrets is not { } secrets)
        {
            return TypedResults.Problem(
                title: "No cluster secret",
                detail: $"Node {node.Self.Id} holds no cluster secret, so it cannot prove one; start it with cluster-secret-file (or DUCK_CLUSTER_SECRET) set to the cluster's secret.",
                statusCode: StatusCodes.Status404NotFound,
                type: "urn:duckduckgoose:peer:no-secret");
        }

        return TypedResults.Json(JoinProofs.Answer(secrets, challenge, node.Self), PeerJsonContext.Default.JoinProof);
    }

    /// <summary>
    /// <c>GET {StreamPath}</c> with a WebSocket upgrade: the transport answers the messages that come on it
    /// (<see cref="IHttpStreamTransport.ServeStreamAsync"/>) until the peer closes it or this node stops. Anything
    /// but an upgrade gets 400, and a stopping node answers 503, so the peer sends by POST meanwhile.
    /// </summary>
    public static async Task<IResult> ServeStreamAsync(HttpContext context, IHttpStreamTransport transport, IPeerMessageHandler handler, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(lifetime);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(title: "Not a WebSocket upgrade", detail: $"{transport.StreamPath} carries peer messages on a WebSocket; send a single one with POST {transport.RoutePrefix}/message.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return TypedResults.Problem(title: "Node stopping", detail: $"This node is stopping; send with POST {transport.RoutePrefix}/message until it has.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        await transport.ServeStreamAsync(socket, handler, serving.Token);
        return TypedResults.Empty;
    }

    /// <summary>
    /// <c>POST {RoutePrefix}/message</c>. A malformed request, including one of another content type, gets
    /// 400 problem details and changes nothing. (No Accepts metadata on purpose: routing would answer a wrong
    /// content type with an empty 415 before this handler could explain it.)
    /// </summary>
    public static async Task<Results<JsonHttpResult<PeerMessage>, ProblemHttpResult>> PostMessageAsync(
        HttpRequest request,
        IPeerMessageHandler handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var (message, problem) = await PeerMessageReader.ReadAsync(request, cancellationToken);
        if (message is null)
        {
            return TypedResults.Problem(title: "Malformed peer message", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var reply = await handler.HandleAsync(message, cancellationToken);
            return TypedResults.Json(reply, PeerJsonContext.Default.PeerMessage);
        }
        catch (PeerMessageRejectedException e) when (e.IsRefusedSender)
        {
            // Not of this cluster (another cluster's id, or a sender outside the configuration): 403, so the
            // sender's log says why it is not heard, and nothing changed here.
            return TypedResults.Problem(title: "Peer message refused", detail: e.Message, statusCode: StatusCodes.Status403Forbidden, type: $"urn:duckduckgoose:peer:{e.Reason}");
        }
        catch (PeerMessageRejectedException e)
        {
            return TypedResults.Problem(title: "Peer message rejected", detail: e.Message, statusCode: StatusCodes.Status400BadRequest, type: $"urn:duckduckgoose:peer:{e.Reason}");
        }
        catch (NodeUnavailableException e)
        {
            return TypedResults.Problem(title: "Node unavailable", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
