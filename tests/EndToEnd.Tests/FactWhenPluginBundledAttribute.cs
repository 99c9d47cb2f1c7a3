namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// A fact that runs only when the built host bundles the plugin folder it needs, and is reported as
/// skipped, naming the folder, when it does not (such as a plugin merged on another branch first).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactWhenPluginBundledAttribute : FactAttribute
{
    /// <summary>Skips the test unless <c>plugins/<paramref name="pluginFolder"/></c> is next to the built host.</summary>
    public FactWhenPluginBundledAttribute(string pluginFolder)
    {
        PluginFolder = pluginFolder;
        if (!BundledPlugins.Has(pluginFolder))
        {
            Skip = $"the built host bundles no plugins/{pluginFolder} under {BundledPlugins.Directory}";
        }
    }

    /// <summary>The plugin folder the test needs.</summary>
    public string PluginFolder { get; }
}
