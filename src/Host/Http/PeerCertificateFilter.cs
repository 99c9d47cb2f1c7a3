using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// Mutual TLS on the peer endpoint only: with tls-ca-file set, a request whose connection presented no
/// client certificate is refused with 403 before its body is read. The TLS handshake already turned away
/// a certificate the cluster's CA did not issue (<see cref="PeerTls.IsIssuedByAuthority"/>), so a
/// certificate that is here is one of the cluster's. The admin API and Swagger UI take no client
/// certificate, so a browser reaches them; the admin token guards their changes.
/// </summary>
public sealed class PeerCertificateFilter : IEndpointFilter
{
    /// <summary>The problem type of the refusal.</summary>
    public const string NoClientCertificate = "urn:duckduckgoose:peer:no-client-certificate";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = context.HttpContext.Connection;
        var certificate = connection.ClientCertificate
            ?? await connection.GetClientCertificateAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (certificate is null)
        {
            return TypedResults.Problem(
                title: "Peer message refused",
                detail: "This node takes peer messages only over mutual TLS: present a client certificate issued by the cluster's CA.",
                statusCode: StatusCodes.Status403Forbidden,
                type: NoClientCertificate);
        }

        return await next(context).ConfigureAwait(false);
    }
}
