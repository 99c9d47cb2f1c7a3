using System.Reflection;
using System.Text.Json.Nodes;
using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Refit;

namespace DuckDuckGoose.Host.Tests.Http;

/// <summary>
/// The OpenAPI document is the API's contract: the one NSwag generates from the endpoints must match the
/// committed copy (docs/openapi.json, so every API change shows in review), which is what the node serves,
/// and the typed Refit client operation by operation.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    /// <summary>Set to 1 to rewrite docs/openapi.json from the generated document (then review the diff). Not DUCK_*: the host refuses unknown DUCK_ variables.</summary>
    private const string UpdateVariable = "DDG_UPDATE_OPENAPI";

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static string CommittedPath => Path.Combine(RepositoryRoot.Path, "docs", "openapi.json");

    /// <summary>The document NSwag generates from the endpoints of a running node.</summary>
    private async Task<string> GeneratedAsync()
    {
        using var factory = new NodeFactory(NodeFixtures.Settings(_data.Path), services => services.AddNodeOpenApi());
        _ = factory.Server;
        return await OpenApiExtensions.GenerateAsync(factory.Services);
    }

    [Fact]
    public async Task The_generated_document_matches_the_committed_one()
    {
        var generated = await GeneratedAsync();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, JsonNode.Parse(generated)!.ToJsonString(new() { WriteIndented = true }) + "\n");
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing; run the tests with {UpdateVariable}=1 to write it.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath));
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(generated), committed),
            $"The OpenAPI document generated from the endpoints differs from docs/openapi.json. If the API change is intended, run " +
            $"'{UpdateVariable}=1 dotnet test tests/Host.Tests --filter OpenApiDocumentTests', commit the new file and rebuild the host.");
    }

    [Fact]
    public async Task The_node_serves_the_committed_document_as_it_is_with_swagger_ui_on_it()
    {
        using var factory = await NodeFixtures.StartGooseAsync(_data.Path);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var served = await client.GetAsync(new Uri(OpenApiExtensions.DocumentPath, UriKind.Relative));
        using var ui = await client.GetAsync(new Uri("/swagger", UriKind.Relative));

        Assert.Equal("application/json", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(CommittedPath), await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, ui.StatusCode);
        Assert.EndsWith($"/swagger/index.html?url={OpenApiExtensions.DocumentPath}", ui.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_tag_a_summary_a_success_response_and_problem_responses_for_its_errors()
    {
        var document = JsonNode.Parse(await GeneratedAsync())!;

        foreach (var (path, method, operation) in Operations(document))
        {
            var what = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation["operationId"]?.GetValue<string>()), $"{what} has no operationId");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{what} has no summary");
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("200"), $"{what} documents no 200 response");
            Assert.NotNull(responses["200"]!["content"]?["application/json"]?["schema"]);
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                Assert.True(
                    response!["content"]?["application/problem+json"] is not null || response["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>() == "#/components/schemas/ProblemDetails",
                    $"{what} documents {status} without problem details");
            }
        }
    }

    [Fact]
    public async Task State_changing_operations_and_only_those_require_the_admin_token()
    {
        var document = JsonNode.Parse(await GeneratedAsync())!;

        var secured = Operations(document)
            .Where(o => o.Operation["security"] is JsonArray { Count: > 0 })
            .Select(o => o.Operation["operationId"]!.GetValue<string>())
            .Order()
            .ToList();

        Assert.Equal(["AddMember", "Leave", "RemoveMember", "SetVoters", "StepDown"], secured);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]![OpenApiExtensions.AdminTokenScheme]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_Refit_client_and_the_document_agree_operation_by_operation()
    {
        var document = JsonNode.Parse(await GeneratedAsync())!;
        var documented = Operations(document)
            .ToDictionary(o => o.Operation["operationId"]!.GetValue<string>(), o => o);

        var client = typeof(IDuckApi).GetMethods()
            .Select(m => (Method: m, Http: m.GetCustomAttribute<HttpMethodAttribute>()!))
            .ToDictionary(m => m.Method.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Method.Name[..^5] : m.Method.Name);

        Assert.Equal(documented.Keys.Order(), client.Keys.Order());
        foreach (var (id, (method, http)) in client)
        {
            var (path, verb, operation) = documented[id];
            Assert.Equal((path, verb), (http.Path, http.Method.Method.ToLowerInvariant()));

            var parameters = method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).ToList();
            var body = parameters.Where(p => p.GetCustomAttribute<BodyAttribute>() is not null).ToList();
            Assert.True(body.Count == (operation["requestBody"] is null ? 0 : 1), $"{id}: body parameter and requestBody disagree");
            var documentedParameters = (operation["parameters"]?.AsArray() ?? [])
                .Select(p => (Name: p!["name"]!.GetValue<string>(), In: p["in"]!.GetValue<string>()))
                .Order()
                .ToList();
            var clientParameters = parameters.Except(body)
                .Select(p => (Name: p.Name!, In: p.GetCustomAttribute<QueryAttribute>() is null ? "path" : "query"))
                .Order()
                .ToList();
            Assert.Equal(documentedParameters, clientParameters);
        }
    }

    [Fact]
    public async Task The_document_lists_ten_operations()
    {
        var document = JsonNode.Parse(await GeneratedAsync())!;

        Assert.Equal(
            ["AddMember", "GetCluster", "GetDuck", "GetEvents", "GetGoose", "GetStatus", "Leave", "RemoveMember", "SetVoters", "StepDown"],
            Operations(document).Select(o => o.Operation["operationId"]!.GetValue<string>()).Order());
    }

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where HttpMethods.Contains(operation.Key)
        select (path.Key, operation.Key, operation.Value!);
}
