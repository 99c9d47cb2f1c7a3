using System.Security.Cryptography;
using System.Text;
using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Checks <c>Authorization: Bearer {admin-token}</c> on endpoints marked <see cref="RequiresAdminTokenAttribute"/>
/// when the node has an admin token, before the body is even read, so an unauthenticated request learns
/// nothing and changes nothing. Read-only endpoints stay open for load balancers.
/// </summary>
public sealed class AdminTokenMiddleware(RequestDelegate next, IOptions<NodeOptions> options)
{
    private readonly byte[]? _token = string.IsNullOrEmpty(options.Value.AdminToken) ? null : Encoding.UTF8.GetBytes(options.Value.AdminToken);

    /// <summary>Passes the request on, or answers 401 problem details.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_token is null || context.GetEndpoint()?.Metadata.GetMetadata<RequiresAdminTokenAttribute>() is null || HasToken(context.Request))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return AdminProblems.Write(
            context,
            StatusCodes.Status401Unauthorized,
            ProblemTypes.Unauthorized,
            "Admin token required",
            "This node has an admin token: send it as 'Authorization: Bearer <token>' (DUCK_ADMIN_TOKEN for the scripts).");
    }

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant-time comparison: the answer time must not reveal how much of a guess was right.
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, _token);
    }
}
