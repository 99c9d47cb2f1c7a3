using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DuckDuckGoose.Host.Tests.Http;

/// <summary>
/// Every type an endpoint reads from a JSON body or answers with comes from source-generated metadata, not
/// from the reflection resolver at the end of the HTTP JSON chain: the endpoints are built at a node's first
/// request, and a type left to reflection there cost emitted accessors and their JIT in every node's first
/// second (the join challenge's two types did, until the peer context joined the chain).
/// </summary>
public sealed class EndpointJsonMetadataTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Every_json_type_of_every_endpoint_comes_from_a_source_generated_context()
    {
        using var factory = new NodeFactory(NodeFixtures.Settings(_data.Path));
        _ = factory.Server;
        var options = factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        var types = endpoints
            .SelectMany(e => e.Metadata.OfType<IAcceptsMetadata>().Select(a => a.RequestType)
                .Concat(e.Metadata.OfType<IProducesResponseTypeMetadata>()
                    .Where(p => p.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)))
                    .Select(p => p.Type)))
            .OfType<Type>()
            .Where(t => t != typeof(void) && !typeof(IResult).IsAssignableFrom(t))
            .Distinct()
            .ToList();
        var byReflection = types
            .Where(t => options.GetTypeInfo(t).OriginatingResolver is not JsonSerializerContext)
            .Select(t => t.FullName)
            .ToList();

        Assert.Contains(typeof(JoinChallenge), types);
        Assert.Contains(typeof(NodeStatus), types);
        Assert.Empty(byReflection);
    }
}
