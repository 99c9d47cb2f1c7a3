using DuckDuckGoose.Host.Node;
using Microsoft.Net.Http.Headers;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Lets a page served by a member of this node's cluster read this node's open, read-only feeds from the
/// browser (CORS): the dashboard served by one member opens every member's <c>/events/stream</c>. Only the
/// origins of the members' URLs are allowed, not any site: a page elsewhere that the operator happens to have
/// open must not read the cluster through the operator's browser. A loopback origin matches a loopback member
/// URL of the same scheme and port, so <c>localhost:4001</c> and <c>127.0.0.1:4001</c> are one origin here.
/// The feeds are plain GETs without credentials (CORS "simple" requests), so there is no preflight to answer.
/// </summary>
public static class MemberOrigins
{
    /// <summary>Adds <c>Access-Control-Allow-Origin</c> when the request's <c>Origin</c> is a member's; always <c>Vary: Origin</c> when it has one.</summary>
    public static void Allow(HttpContext context, NodeActor node)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(node);
        var origin = context.Request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0)
        {
            return;
        }

        context.Response.Headers.Vary = HeaderNames.Origin;
        if (Uri.TryCreate(origin, UriKind.Absolute, out var from)
            && node.Snapshot.Status.Members.Any(m => Uri.TryCreate(m.Url, UriKind.Absolute, out var url) && IsSameOrigin(from, url)))
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
        }
    }

    /// <summary>Same scheme, port and host, where any two loopback hosts count as the same host.</summary>
    public static bool IsSameOrigin(Uri origin, Uri member)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(member);
        return string.Equals(origin.Scheme, member.Scheme, StringComparison.OrdinalIgnoreCase)
               && origin.Port == member.Port
               && (string.Equals(origin.IdnHost, member.IdnHost, StringComparison.OrdinalIgnoreCase) || (origin.IsLoopback && member.IsLoopback));
    }
}
