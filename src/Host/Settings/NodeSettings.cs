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
    // Each setting's name and property, in declaration order.
    private static readonly IReadOnlyList<(string Name, PropertyInfo Property)> Settings = [.. typeof(NodeOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Name: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name, Property: p))
        .Where(p => p.Name is not null)
        .Select(p => (p.Name!, p.Property))];

    private static readonly IReadOnlyDictionary<string, string> CanonicalNames =
        Settings.ToDictionary(s => s.Name, s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting name, such as <c>port</c> and <c>heartbeat-ms</c>, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Settings.Select(s => s.Name)];

    /// <summary>The canonical (lower case) name of <paramref name="name"/>, or null when no such setting exists.</summary>
    public static string? Canonical(string name) => CanonicalNames.GetValueOrDefault(name);

    /// <summary>A one-line list of the settings, for error messages.</summary>
    public static string Known => string.Join(", ", Names);

    /// <summary>
    /// Reads and validates the node's settings; throws <see cref="NodeSettingsException"/> listing every problem.
    /// An <c>admin-token-file</c> is read here, into <see cref="NodeOptions.AdminToken"/> (the file setting is
    /// then cleared), so the token is read once, at start.
    /// </summary>
    public static NodeOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        foreach (var (name, property) in Settings)
        {
            var text = configuration[name];
            if (text is not null && (property.PropertyType == typeof(int) || property.PropertyType == typeof(int?))
                && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{name}: '{text}' is not a whole number");
            }

            if (text is not null && property.PropertyType == typeof(bool?) && !bool.TryParse(text, out _))
            {
                errors.Add($"{name}: '{text}' is neither true nor false");
            }
        }

        if (errors.Count > 0)
        {
            throw new NodeSettingsException(errors);
        }

        var options = new NodeOptions();
        configuration.Bind(options);
        var problems = NodeOptionsValidator.Check(options);
        if (problems.Count > 0)
        {
            throw new NodeSettingsException(problems);
        }

        // The token file is read once, here: the rest of the host checks and sends one AdminToken.
        if (!string.IsNullOrWhiteSpace(options.AdminTokenFile))
        {
            options.AdminToken = options.LoadAdminToken();
            options.AdminTokenFile = null;
        }

        return options;
    }
}
