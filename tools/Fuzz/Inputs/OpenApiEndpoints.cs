using System.Text.Json;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>Reads the operations out of an OpenAPI 3 document (the node serves it at <c>/swagger/v1/swagger.json</c>).</summary>
public static class OpenApiEndpoints
{
    /// <summary>Where a node serves its OpenAPI document.</summary>
    public const string DocumentPath = "/swagger/v1/swagger.json";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    /// <summary>Every operation in <paramref name="document"/>, in document order.</summary>
    public static IReadOnlyList<HttpEndpoint> Parse(string document)
    {
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        var schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var endpoints = new List<HttpEndpoint>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var op = operation.Value;
                var secured = op.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                var strings = new List<string>();
                var hasBody = op.TryGetProperty("requestBody", out var body);
                if (hasBody && body.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var media)
                    && media.TryGetProperty("schema", out var schema))
                {
                    var resolved = Resolve(schema, schemas);
                    if (resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("properties", out var properties))
                    {
                        strings.AddRange(properties.EnumerateObject()
                            .Where(p => p.Value.TryGetProperty("type", out var type) && type.GetString() == "string")
                            .Select(p => p.Name));
                    }
                }

                var query = op.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                endpoints.Add(new HttpEndpoint(operation.Name.ToUpperInvariant(), path.Name, secured, hasBody, strings, query));
            }
        }

        return endpoints;
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object)
        {
            var name = reference.GetString()!.Split('/')[^1];
            return schemas.TryGetProperty(name, out var target) ? target : schema;
        }

        return schema;
    }
}
