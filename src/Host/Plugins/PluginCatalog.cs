using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Settings;
using McMaster.NETCore.Plugins;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>
/// Every plugin under a plugin folder, found by convention (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>) and loaded
/// with McMaster.NETCore.Plugins. The Contracts types (and, through them, what Contracts references) and
/// the logging abstractions are shared with the host, and the host's copy of any assembly both sides have
/// wins (<c>PreferSharedTypes</c>); otherwise a plugin's <see cref="ITransport"/> would be a different type
/// from the host's and assembly scanning would silently find nothing.
/// </summary>
public sealed class PluginCatalog
{
    private static readonly Type[] SharedTypes = [typeof(ITransport), typeof(Microsoft.Extensions.Logging.ILogger)];

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
