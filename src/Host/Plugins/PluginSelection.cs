using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host.Plugins;

/// <summary>Picks the one plugin implementation a setting names (Orleans-style providers by name).</summary>
public static class PluginSelection
{
    /// <summary>
    /// The candidate whose name equals <paramref name="wanted"/> (ignoring case); otherwise throws
    /// <see cref="NodeSettingsException"/> naming the setting and listing the names found.
    /// </summary>
    public static T Pick<T>(IEnumerable<T> candidates, Func<T, string> nameOf, string setting, string wanted, string directory)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(nameOf);
        var all = candidates.ToList();
        var match = all.FirstOrDefault(c => string.Equals(nameOf(c), wanted, StringComparison.OrdinalIgnoreCase));
        if (match is not null)
        {
            return match;
        }

        var found = all.Count == 0 ? "none" : string.Join(", ", all.Select(nameOf).Order(StringComparer.Ordinal));
        throw new NodeSettingsException($"{setting}: '{wanted}' is not a {setting} found in the plugins under {directory} (found: {found})");
    }
}
