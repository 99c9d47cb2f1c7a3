namespace DuckDuckGoose.Host.Settings;

/// <summary>
/// The node's command line: <c>--name value</c> or <c>--name=value</c> for each setting, plus the generic
/// host's <c>--environment</c>, <c>--contentRoot</c> and <c>--applicationName</c> (which test hosts pass).
/// Anything else stops the start with a message naming it.
/// </summary>
/// <param name="Settings">Node settings by canonical name.</param>
/// <param name="HostingArguments">The hosting switches, for the web application builder.</param>
public sealed record NodeCommandLine(IReadOnlyDictionary<string, string?> Settings, string[] HostingArguments)
{
    private static readonly string[] HostingKeys = ["environment", "contentRoot", "applicationName"];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="NodeSettingsException"/> listing every bad argument.</summary>
    public static NodeCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var hosting = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                errors.Add($"'{arg}': unexpected argument; settings are given as --name value (known settings: {NodeSettings.Known})");
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            string? value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                errors.Add($"{name}: no value given after --{name}");
                continue;
            }

            if (HostingKeys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } hostingKey)
            {
                hosting.Add($"--{hostingKey}={value}");
            }
            else if (NodeSettings.Canonical(name) is { } key)
            {
                settings[key] = value;
            }
            else
            {
                errors.Add($"--{name}: unknown setting; known settings: {NodeSettings.Known}");
            }
        }

        return errors.Count == 0 ? new NodeCommandLine(settings, [.. hosting]) : throw new NodeSettingsException(errors);
    }
}
