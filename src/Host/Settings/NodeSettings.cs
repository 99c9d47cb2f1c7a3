using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// The setting names (taken from <see cref="NodeOptions"/>' configuration key names, so there is one list)
/// and the strict reading of them: a value that does not parse is reported with its setting's name
/// instead of surfacing as a binder exception.
/// </summary>
public static class NodeSettings
{
    private static readonly IReadOnlyDictionary<string, PropertyInfo> Properties = typeof(NodeOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Property: p, Key: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
        .Where(p => p.Key is not null)
        .ToDictionary(p => p.Key!, p => p.Property, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting name, such as <c>port</c> and <c>heartbeat-ms</c>, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(NodeOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name)
        .OfType<string>()];

    /// <summary>The canonical (lower case) name of <paramref name="name"/>, or null when no such setting exists.</summary>
    public static string? Canonical(string name) =>
        Properties.TryGetValue(name, out var property) ? property.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name : null;

    /// <summary>A one-line list of the settings, for error messages.</summary>
    public static string Known => string.Join(", ", Names);

    /// <summary>Reads and validates the node's settings; throws <see cref="NodeSettingsException"/> listing every problem.</summary>
    public static NodeOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        foreach (var (key, property) in Properties)
        {
            var text = configuration[key];
            if (text is not null && property.PropertyType == typeof(int)
                && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{property.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name}: '{text}' is not a whole number");
            }
        }

        if (errors.Count > 0)
        {
            throw new NodeSettingsException(errors);
        }

        var options = new NodeOptions();
        configuration.Bind(options);
        var problems = NodeOptionsValidator.Check(options);
        return problems.Count == 0 ? options : throw new NodeSettingsException(problems);
    }
}
