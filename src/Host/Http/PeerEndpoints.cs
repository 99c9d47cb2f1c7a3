using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Plugins;
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

        // Resolving the plugins here makes an unknown transport or timer name stop the start now.
        // Served whenever an HTTP-routed transport is loaded, even when another is selected: peers that
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
        }

        return app;
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
