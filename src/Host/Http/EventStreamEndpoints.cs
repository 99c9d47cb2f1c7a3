using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Node;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// <c>GET /events/stream</c>: this node's status, its view of the cluster and its election events, pushed as
/// server-sent events (<see cref="NodeEventStream"/>) for the dashboard and anything else that would otherwise
/// poll. Open like <c>/status</c> and <c>/events</c>. A page served by another member of the cluster may read it
/// (<see cref="MemberOrigins"/>), so one dashboard follows every member.
/// <para>
/// Not in the OpenAPI document: OpenAPI 3.0 cannot describe the events of a stream, and Swagger UI's
/// "Execute" would wait for a response that never ends. The README lists the events.
/// </para>
/// </summary>
public static class EventStreamEndpoints
{
    /// <summary>The stream's route.</summary>
    public const string Path = "/events/stream";

    /// <summary>Maps the stream.</summary>
    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, GetEventStream)
            .WithName("GetEventStream")
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The stream, beginning with the newest <paramref name="limit"/> election events kept (all of them when
    /// absent, none for 0); 400 for a limit out of range, 503 while the node is stopping.
    /// </summary>
    public static Results<ServerSentEventsResult<string>, ProblemHttpResult> GetEventStream(
        HttpContext context,
        NodeActor node,
        RoleHookRunner hooks,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        EventLimit? limit = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(lifetime);
        if (limit?.Refusal(0, ElectionEventLog.Capacity) is { } refusal)
        {
            return AdminProblems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Malformed request", refusal);
        }

        // A stream opened now would end at once; a browser's EventSource that gets an error stops instead of
        // reconnecting to a node that is going away (the dashboard tries again on its own).
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return AdminProblems.Create(
                context,
                StatusCodes.Status503ServiceUnavailable,
                ProblemTypes.Unavailable,
                "Node unavailable",
                $"Node {node.Self.Id} is stopping.",
                retryAfterSeconds: 1);
        }

        MemberOrigins.Allow(context, node);
        var stream = new NodeEventStream(node, hooks, time);
        return TypedResults.ServerSentEvents(stream.ReadAsync(limit?.Value ?? ElectionEventLog.Capacity, lifetime.ApplicationStopping, context.RequestAborted));
    }
}
