using System.Text;
using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Node;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// <c>/status</c>, and <c>/goose</c> and <c>/duck</c> for load-balancer health checks (as Patroni's
/// <c>/primary</c> and <c>/replica</c>). GET and HEAD; the role is computed when the request is served.
/// </summary>
public static class StatusEndpoints
{
    private static readonly string[] Head = [HttpMethods.Head];

    /// <summary>Maps the status endpoints (tag <c>Status</c>).</summary>
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        var status = app.MapGroup(string.Empty).WithTags("Status");
        status.MapGet("/status", GetStatus).WithName("GetStatus");
        status.MapGet("/goose", GetGoose).WithName("GetGoose").Produces<NodeStatus>(StatusCodes.Status503ServiceUnavailable);
        status.MapGet("/duck", GetDuck).WithName("GetDuck").Produces<NodeStatus>(StatusCodes.Status503ServiceUnavailable);

        // HEAD for load balancers that check without a body; the same handlers, documented once under GET.
        status.MapMethods("/status", Head, GetStatus).ExcludeFromDescription();
        status.MapMethods("/goose", Head, GetGoose).ExcludeFromDescription();
        status.MapMethods("/duck", Head, GetDuck).ExcludeFromDescription();
        return app;
    }

    /// <summary>This node's role and its view of the cluster; with <c>Accept: text/plain</c>, just the word Goose or Duck.</summary>
    public static Results<Ok<NodeStatus>, ContentHttpResult> GetStatus(HttpRequest request, NodeActor node, RoleHookRunner hooks)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(hooks);
        var status = node.GetStatus() with { Hooks = hooks.Status };
        return WantsPlainText(request)
            ? TypedResults.Text(status.Role.ToString(), "text/plain", Encoding.UTF8)
            : TypedResults.Ok(status);
    }

    /// <summary>200 when this node is the Goose, 503 otherwise (for load-balancer health checks, like Patroni's /primary).</summary>
    public static Results<Ok<NodeStatus>, JsonHttpResult<NodeStatus>> GetGoose(NodeActor node) => ByRole(node, NodeRole.Goose);

    /// <summary>200 when this node is a Duck, 503 otherwise (like Patroni's /replica).</summary>
    public static Results<Ok<NodeStatus>, JsonHttpResult<NodeStatus>> GetDuck(NodeActor node) => ByRole(node, NodeRole.Duck);

    private static Results<Ok<NodeStatus>, JsonHttpResult<NodeStatus>> ByRole(NodeActor node, NodeRole wanted)
    {
        ArgumentNullException.ThrowIfNull(node);
        var status = node.GetStatus();
        return status.Role == wanted
            ? TypedResults.Ok(status)
            : TypedResults.Json(status, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>True when the request prefers text/plain over JSON (JSON wins ties and <c>*/*</c>).</summary>
    private static bool WantsPlainText(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(Func<MediaTypeHeaderValue, bool> match) =>
            accept.Where(match).Select(a => a.Quality ?? 1.0).DefaultIfEmpty(0).Max();

        var text = Quality(a => a.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
        var json = Quality(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || a.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase));
        return text > 0 && text > json;
    }
}
