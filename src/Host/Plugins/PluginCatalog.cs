using System.Runtime.Loader;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Settings;
using McMaster.NETCore.Plugins.Loader;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>
/// Every plugin under a plugin folder, found by convention (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>) and loaded
/// with McMaster.NETCore.Plugins. The host's copy of any assembly both sides have wins (<c>PreferSharedTypes</c>),
/// so a plugin's <see cref="ITransport"/> is the host's type (otherwise assembly scanning would silently
/// find nothing); what only the plugin has (NetMQ) loads in the plugin's own context.
/// </summary>
/// <remarks>
/// No shared types are named: with <c>PreferSharedTypes</c> they would change nothing but McMaster would load
/// every assembly their assemblies reference, transitively, into the host at start (for Contracts and the
/// logging abstractions, 30 framework assemblies such as System.Private.Xml and System.Diagnostics.Process,
/// about 10 MiB resident), whether a plugin ever uses them or not.
/// <para>
/// The load context is made with McMaster's <see cref="AssemblyLoadContextBuilder"/> as its <c>PluginLoader</c>
/// makes it, less one step: <c>PluginLoader</c> also reads every <c>*.runtimeconfig.json</c> beside the host
/// for extra probing paths and, finding a target framework there (the host's always names one), asks
/// <c>Process.GetCurrentProcess().MainModule</c> whether the process is <c>dotnet</c>, to probe the runtime
/// package store. That reads the process's whole module list and loads System.Diagnostics.Process, once per
/// plugin, at every start; a plugin folder holds what it needs (its build copies its dependencies there), so
/// neither the store nor those paths are ever probed for it.
/// </para>
/// </remarks>
public sealed class PluginCatalog
{
    private PluginCatalog(string directory, IReadOnlyList<LoadedPlugin> plugins)
    {
        Directory = directory;
        Plugins = plugins;
    }

    // The context the host's own assemblies live in: a plugin's copy of an assembly the host has resolves here.
    private static AssemblyLoadContext HostContext =>
        AssemblyLoadContext.GetLoadContext(typeof(PluginCatalog).Assembly) ?? AssemblyLoadContext.Default;

    /// <summary>The plugin folder searched.</summary>
    public string Directory { get; }

    /// <summary>The plugins found, by name.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>Loads every <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> under <paramref name="directory"/>; a missing folder holds no plugins.</summary>
    /// <exception cref="NodeSettingsException">A plugin assembly could not be loaded.</exception>
    public static PluginCatalog Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        var plugins = new List<LoadedPlugin>();
        if (!System.IO.Directory.Exists(full))
        {
            return new PluginCatalog(full, plugins);
        }

        foreach (var folder in System.IO.Directory.GetDirectories(full).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var dll = Path.Combine(folder, name + ".dll");
            if (!File.Exists(dll))
            {
                continue;
            }

            try
            {
                var context = new AssemblyLoadContextBuilder()
                    .SetMainAssemblyPath(dll)
                    .SetDefaultContext(HostContext)
                    .PreferDefaultLoadContext(true)
                    .Build();
                plugins.Add(new LoadedPlugin(name, dll, context.LoadFromAssemblyPath(dll)));
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or InvalidOperationException)
            {
                throw new NodeSettingsException($"plugins: '{dll}' could not be loaded: {e.Message}");
            }
        }

        return new PluginCatalog(full, plugins);
    }
}
