using NJsonSchema;
using NJsonSchema.Generation.TypeMappers;
using NSwag;
using NSwag.Generation;
using NSwag.Generation.AspNetCore;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// The node's OpenAPI 3 document at <c>/swagger/v1/swagger.json</c> and Swagger UI (NSwag) at <c>/swagger</c>.
/// NSwag derives the document from the endpoints' signatures and metadata (<see cref="AddNodeOpenApi"/>,
/// <see cref="GenerateAsync"/>); the result is committed as <c>docs/openapi.json</c>, a test fails when a
/// newly generated one differs, and the node serves that committed copy, built into its assembly. So a
/// node never runs the generator: it would load NSwag's schema stack (NJsonSchema, Newtonsoft.Json,
/// Namotion.Reflection, MVC's API explorer) at every start, about 5 MiB and 80 ms, for a document that only
/// changes with the code.
/// </summary>
public static class OpenApiExtensions
{
    /// <summary>The document's name in its URL.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the node serves the document.</summary>
    public const string DocumentPath = "/swagger/" + DocumentName + "/swagger.json";

    /// <summary>The committed document's name among the host assembly's resources (Host.csproj embeds docs/openapi.json).</summary>
    private const string ResourceName = "DuckDuckGoose.Host.openapi.json";

    /// <summary>The security scheme that carries the admin token.</summary>
    public const string AdminTokenScheme = "AdminToken";

    /// <summary>Registers the document generator (NSwag, from the API explorer); <see cref="GenerateAsync"/> then runs it.</summary>
    public static IServiceCollection AddNodeOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddOpenApiDocument(settings =>
        {
            settings.DocumentName = DocumentName;
            settings.Title = "DuckDuckGoose node API";
            settings.Version = "v1";
            settings.Description =
                "Status for load balancers (/status, /goose, /duck) and cluster administration (members, step-down, events). " +
                "Changes are decided by the Goose; a Duck passes them on. Errors are RFC 9457 problem details with a stable 'type'.";
            settings.AddSecurity(AdminTokenScheme, new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The node's admin-token setting (DUCK_ADMIN_TOKEN). Needed by state-changing operations when the node has one.",
            });
            settings.OperationProcessors.Add(new AdminTokenOperationProcessor());

            // A limit is the integer it stands for; its type only keeps malformed text for the error (EventLimit).
            settings.SchemaSettings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(EventLimit), schema =>
            {
                schema.Type = JsonObjectType.Integer;
                schema.Format = JsonFormatStrings.Integer;
            }));
        });
        return services;
    }

    /// <summary>
    /// Generates the document from the endpoints of the app whose services are <paramref name="services"/>
    /// (which must include <see cref="AddNodeOpenApi"/>), as JSON.
    /// </summary>
    public static async Task<string> GenerateAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var document = await services.GetRequiredService<IOpenApiDocumentGenerator>().GenerateAsync(DocumentName).ConfigureAwait(false);

        // No servers entry: the document is the same whichever address it is fetched through, so the
        // committed copy can be compared with it and served as it is.
        document.Servers.Clear();
        return document.ToJson();
    }

    /// <summary>Serves the committed document, as it is, and Swagger UI on it.</summary>
    public static WebApplication UseNodeOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var document = ReadCommittedDocument();
        app.MapGet(DocumentPath, () => TypedResults.Bytes(document, "application/json; charset=utf-8")).ExcludeFromDescription();

        // The document's path is given, so Swagger UI needs no generator registration to find it.
        app.UseSwaggerUi(settings =>
        {
            settings.DocumentPath = DocumentPath;
            settings.PersistAuthorization = true;
        });
        return app;
    }

    private static byte[] ReadCommittedDocument()
    {
        using var stream = typeof(OpenApiExtensions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The host assembly lacks its OpenAPI document ({ResourceName}).");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>Marks operations that need the admin token as secured by <see cref="AdminTokenScheme"/>.</summary>
    private sealed class AdminTokenOperationProcessor : NSwag.Generation.Processors.IOperationProcessor
    {
        public bool Process(NSwag.Generation.Processors.Contexts.OperationProcessorContext context)
        {
            if (context is AspNetCoreOperationProcessorContext aspNet
                && aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiresAdminTokenAttribute>().Any())
            {
                context.OperationDescription.Operation.Security =
                [
                    new OpenApiSecurityRequirement { [AdminTokenScheme] = [] },
                ];
            }

            return true;
        }
    }
}
