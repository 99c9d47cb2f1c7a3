using NSwag;
using NSwag.Generation.AspNetCore;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// The node's OpenAPI 3 document (NSwag) at <c>/swagger/v1/swagger.json</c> and Swagger UI at
/// <c>/swagger</c>. The document is derived from the endpoints' signatures and metadata; a copy is
/// committed as <c>docs/openapi.json</c> and a test fails when they differ.
/// </summary>
public static class OpenApiExtensions
{
    /// <summary>The document's name in its URL.</summary>
    public const string DocumentName = "v1";

    /// <summary>The security scheme that carries the admin token.</summary>
    public const string AdminTokenScheme = "AdminToken";

    /// <summary>Registers the document generator.</summary>
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
        });
        return services;
    }

    /// <summary>Serves the document and Swagger UI.</summary>
    public static WebApplication UseNodeOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // No servers entry: the document is the same whichever address it is fetched through, so the
        // committed copy can be compared byte for byte.
        app.UseOpenApi(settings => settings.PostProcess = (document, _) => document.Servers.Clear());
        app.UseSwaggerUi(settings => settings.PersistAuthorization = true);
        return app;
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
