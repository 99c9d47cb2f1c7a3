using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// The dashboard at <c>/dashboard</c>: one static page (HTML, a script and a style sheet, built into the host
/// from <c>src/Host/Dashboard</c>; no build step, nothing fetched from elsewhere) that follows every member's
/// <c>/events/stream</c> and calls the admin API. Open like <c>/status</c>: the page holds no data and asks for the
/// admin token before a change. Served with an entity tag, so a browser revalidates it cheaply, and a content
/// security policy that lets it run only its own script and style and connect only over HTTP(S).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The page's route; its script and style sheet are under it.</summary>
    public const string Path = "/dashboard";

    private const string ResourcePrefix = "DuckDuckGoose.Host.Dashboard.";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http: https:; base-uri 'none'; frame-ancestors 'none'";

    private static readonly Asset[] Assets =
    [
        new(Path, "dashboard.html", "text/html; charset=utf-8"),
        new(Path + "/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        new(Path + "/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    /// <summary>Maps the page and its files (not in the OpenAPI document: they are not API).</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var asset in Assets)
        {
            app.MapGet(asset.Route, (HttpContext context) => Serve(context, asset)).ExcludeFromDescription();
        }

        return app;
    }

    private static IResult Serve(HttpContext context, Asset asset)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var (content, tag) = asset.Loaded.Value;
        return TypedResults.Bytes(content, asset.ContentType, entityTag: tag);
    }

    private static (byte[] Content, EntityTagHeaderValue ETag) Load(string file)
    {
        var name = ResourcePrefix + file;
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The host assembly lacks the dashboard's {file} ({name}).");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var content = bytes.ToArray();
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        return (content, tag);
    }

    /// <summary>
    /// A file of the page, read and hashed on its first request, not at start: a node nobody browses keeps
    /// neither the bytes nor the crypto library the hash loads (OpenSSL, about 5 MiB of a node's memory).
    /// </summary>
    private sealed record Asset(string Route, string File, string ContentType)
    {
        public Lazy<(byte[] Content, EntityTagHeaderValue ETag)> Loaded { get; } = new(() => Load(File));
    }
}
