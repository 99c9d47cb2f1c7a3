using System.Collections.Concurrent;
using System.Reflection;
using DuckDuckGoose.Contracts;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Plugins.Tests;

/// <summary>
/// Loads plugins from this test's <c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c> the way the host does: McMaster
/// loader sharing the Contracts assembly (the host's logging types win by preference), then Scrutor registering every class that implements a
/// plugin interface.
/// </summary>
internal static class PluginFolder
{
    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new();

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string AssemblyPath(string name) => Path.Combine(Root, name, $"{name}.dll");

    /// <summary>The plugin's main assembly, loaded once per test run in its own load context.</summary>
    public static Assembly Load(string name) => Loaded.GetOrAdd(name, n =>
        PluginLoader.CreateFromAssemblyFile(
                AssemblyPath(n),
                sharedTypes: [typeof(ITransport)],
                configure: c => c.PreferSharedTypes = true)
            .LoadDefaultAssembly());

    /// <summary>What the plugin registers, as the host would register it, plus the services plugins may ask for.</summary>
    public static ServiceCollection Registrations(string name, TransportSetup context)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(context);
        services.Scan(scan => scan
            .FromAssemblies(Load(name))
            .AddClasses(c => c.AssignableTo<ITransport>()).As<ITransport>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IElectionTimer>()).As<IElectionTimer>().WithSingletonLifetime());
        return services;
    }

    /// <summary>A container holding what the plugin registers (transports in it need <c>DisposeAsync</c>).</summary>
    public static ServiceProvider Services(string name, TransportSetup context) =>
        Registrations(name, context).BuildServiceProvider();

    /// <summary>The single transport the plugin registers, created outside the container so the caller owns it.</summary>
    public static ITransport CreateTransport(string name, TransportSetup context)
    {
        var registrations = Registrations(name, context);
        var type = Assert.Single(registrations, d => d.ServiceType == typeof(ITransport)).ImplementationType!;
        using var services = registrations.BuildServiceProvider();
        return (ITransport)ActivatorUtilities.CreateInstance(services, type);
    }
}
