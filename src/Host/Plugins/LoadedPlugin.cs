using System.Reflection;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>One plugin found by convention: <c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>, loaded in its own load context.</summary>
/// <param name="Name">The folder and assembly file name.</param>
/// <param name="Path">Full path of the plugin assembly.</param>
/// <param name="Assembly">The loaded plugin assembly.</param>
public sealed record LoadedPlugin(string Name, string Path, Assembly Assembly);
