using System.Collections;
using DuckDuckGoose.Host.Hooks;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// Maps <c>DUCK_NAME_PART</c> to the setting <c>name-part</c>; an unknown <c>DUCK_</c> variable stops the start,
/// except the variables role hooks receive (<see cref="HookEnvironment.Names"/>), which are ignored.
/// </summary>
public sealed class DuckEnvironmentConfigurationProvider : ConfigurationProvider
{
    /// <summary>The prefix every node setting in the environment carries.</summary>
    public const string Prefix = "DUCK_";

    private readonly IDictionary _variables;

    /// <summary>Creates the provider over <paramref name="variables"/> (name to value).</summary>
    public DuckEnvironmentConfigurationProvider(IDictionary variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = variables;
    }

    /// <summary>The setting name for an environment variable name, such as <c>heartbeat-ms</c> for <c>DUCK_HEARTBEAT_MS</c>.</summary>
    public static string SettingName(string variable) =>
        variable[Prefix.Length..].ToLowerInvariant().Replace('_', '-');

    /// <inheritdoc />
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (DictionaryEntry entry in _variables)
        {
            if (entry.Key is not string name || !name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (HookEnvironment.IsHookVariable(name))
            {
                // Set by a role hook for its own process (DUCK_ROLE, DUCK_TERM...): a hook that starts a node passes them on.
                continue;
            }

            if (NodeSettings.Canonical(SettingName(name)) is { } key)
            {
                data[key] = entry.Value as string;
            }
            else
            {
                errors.Add($"{name}: unknown setting '{SettingName(name)}'; known settings: {NodeSettings.Known}");
            }
        }

        if (errors.Count > 0)
        {
            throw new NodeSettingsException(errors);
        }

        Data = data;
    }
}
