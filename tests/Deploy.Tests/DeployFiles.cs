using System.Collections;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.LocalCluster;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>Where the deployment files are, and the node settings a set of <c>DUCK_*</c> variables makes.</summary>
internal static class DeployFiles
{
    public static string Folder { get; } = System.IO.Path.Combine(HostLocation.RepoRoot, "deploy");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Folder, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    /// <summary>Loads node settings from environment variables, as the host does (unknown DUCK_* names fail).</summary>
    public static NodeOptions LoadSettings(IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Hashtable();
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return NodeSettings.Load(new ConfigurationBuilder().Add(new DuckEnvironmentConfigurationSource { Variables = variables }).Build());
    }

    /// <summary>The DUCK_* names among <paramref name="names"/> that are no node setting (the host refuses them at start).</summary>
    public static IReadOnlyList<string> UnknownSettings(IEnumerable<string> names) =>
        [.. names.Where(n => n.StartsWith(DuckEnvironmentConfigurationProvider.Prefix, StringComparison.Ordinal)
                             && NodeSettings.Canonical(DuckEnvironmentConfigurationProvider.SettingName(n)) is null)];

    /// <summary>An owner-only file holding <paramref name="text"/>, as a secret file must be.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string OwnerOnlyFile(string folder, string name, string text)
    {
        var path = System.IO.Path.Combine(folder, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        return path;
    }
}
