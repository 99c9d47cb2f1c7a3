using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Settings;
using McMaster.NETCore.Plugins;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>
/// Every plugin under a plugin folder, found by convention (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>) and loaded
/// with McMaster.NETCore.Plugins. Only the Contracts assembly is named as shared (the loader also loads
/// everything it references into the host's context, and it references only the base library); otherwise a
/// plugin's <see cref="ITransport"/> would be a different type from the host's and assembly scanning would
/// silently find nothing. The host's copy of any other assembly both sides can load wins
/// (<c>PreferSharedTypes</c>), which is how a plugin's <c>ILogger&lt;T&gt;</c> is the host's type: the
/// logging abstractions come from the shared framework, never from the plugin folder.
/// </summary>
public sealed class PluginCatalog
{
    private static readonly Type[] SharedTypes = [typeof(ITransport)];

    private PluginCatalog(string directory, IReadOnlyList<LoadedPlugin> plugins)
    {
        Directory = directory;
        Plugins = plugins;
    }

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
                var loader = PluginLoader.CreateFromAssemblyFile(dll, SharedTypes, config => config.PreferSharedTypes = true);
                plugins.Add(new LoadedPlugin(name, dll, loader.LoadDefaultAssembly()));
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or InvalidOperationException)
            {
                throw new NodeSettingsException($"plugins: '{dll}' could not be loaded: {e.Message}");
            }
        }

        return new PluginCatalog(full, plugins);
    }
}
