using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>The plugin folders bundled with the built host (<c>src/Host/bin/&lt;cfg&gt;/net10.0/plugins/&lt;Name&gt;/</c>), copied as an operator would.</summary>
internal static class BundledPlugins
{
    /// <summary>The host's own plugins folder.</summary>
    public static string Directory => Path.Combine(Path.GetDirectoryName(HostLocation.HostDll)!, "plugins");

    /// <summary>Whether the host bundles the plugin folder <paramref name="name"/>.</summary>
    public static bool Has(string name) => System.IO.Directory.Exists(Path.Combine(Directory, name));

    /// <summary>Copies the bundled folder <paramref name="name"/> (with everything in it) into <paramref name="pluginsDirectory"/>.</summary>
    public static void CopyTo(string name, string pluginsDirectory)
    {
        var source = Path.Combine(Directory, name);
        if (!System.IO.Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"The host bundles no plugin folder {source}; build the host first.");
        }

        var target = Path.Combine(pluginsDirectory, name);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }
}
