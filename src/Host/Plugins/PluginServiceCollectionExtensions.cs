using DuckDuckGoose.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>Registers what the loaded plugins implement.</summary>
public static class PluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers every public <see cref="ITransport"/> and <see cref="IElectionTimer"/> class in the
    /// catalog's assemblies as a singleton (Scrutor assembly scanning), and the catalog itself.
    /// </summary>
    public static IServiceCollection AddPlugins(this IServiceCollection services, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        services.AddSingleton(catalog);
        services.Scan(scan => scan
            .FromAssemblies(catalog.Plugins.Select(p => p.Assembly))
            .AddClasses(classes => classes.AssignableTo<ITransport>())
            .As<ITransport>()
            .WithSingletonLifetime()
            .AddClasses(classes => classes.AssignableTo<IElectionTimer>())
            .As<IElectionTimer>()
            .WithSingletonLifetime());
        return services;
    }
}
