using DuckDuckGoose.Host.Http;
using DuckDuckGoose.LocalCluster;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DuckDuckGoose.Host.Tests.Http;

public sealed class PeerCertificateFilterTests
{
    [Fact]
    public async Task A_request_without_a_client_certificate_is_refused_with_403_no_client_certificate()
    {
        var context = new DefaultHttpContext();
        var reached = false;

        var result = await new PeerCertificateFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ => { reached = true; return ValueTask.FromResult<object?>(null); });

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        Assert.Equal(PeerCertificateFilter.NoClientCertificate, problem.ProblemDetails.Type);
        Assert.False(reached, "the peer message must not reach the handler");
    }

    [Fact]
    public async Task A_request_with_a_client_certificate_reaches_the_handler()
    {
        // Kestrel has already checked it against the CA during the handshake; the filter only asks whether one came.
        using var authority = ClusterCertificates.CreateAuthority("test CA");
        using var certificate = ClusterCertificates.Issue(authority, "peer");
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = certificate;

        var result = await new PeerCertificateFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ => ValueTask.FromResult<object?>("handled"));

        Assert.Equal("handled", result);
    }
}
