using System.Reflection;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// Where the node host and the <c>dotnet</c> muxer that runs it are. The host's path is fixed at build
/// time (repository root and configuration of this library's build), because this library's project
/// builds the host first; <see cref="OverrideVariable"/> points elsewhere, such as at a published host.
/// </summary>
public static class HostLocation
{
    /// <summary>Environment variable that overrides the host assembly's path.</summary>
    public const string OverrideVariable = "DDG_HOST_DLL";

    /// <summary>The repository root this library was built in.</summary>
    public static string RepoRoot { get; } = Metadata("DuckDuckGoose.RepoRoot");

    /// <summary>The build configuration (Debug or Release) this library, and so the host, was built in.</summary>
    public static string Configuration { get; } = Metadata("DuckDuckGoose.Configuration");

    /// <summary>The host assembly to run with <c>dotnet</c>.</summary>
    public static string HostDll =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden
            ? Path.GetFullPath(overridden)
            : Path.Combine(RepoRoot, "src", "Host", "bin", Configuration, "net10.0", "DuckDuckGoose.Host.dll");

    /// <summary>The <c>dotnet</c> executable: the one running this process when known, else the one on PATH.</summary>
    public static string Dotnet
    {
        get
        {
            // The SDK sets DOTNET_HOST_PATH for what it starts (dotnet run, dotnet test).
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    /// <summary>Returns <see cref="HostDll"/>, or throws saying how to build it when it is missing.</summary>
    public static string RequireHostDll()
    {
        var dll = HostDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(
                $"The node host is not built at {dll}. Build it with `dotnet build src/Host -c {Configuration}` "
                + $"or set {OverrideVariable} to a built DuckDuckGoose.Host.dll.",
                dll);
        }

        return dll;
    }

    /// <summary>
    /// Whether the built host knows the setting <paramref name="name"/> (such as <c>cluster-secret</c>), so a
    /// script can pass a newer setting only to a host that has it: an unknown DUCK_* variable stops a node.
    /// A setting's name is only ever stored UTF-8 encoded in the assembly as the argument of its
    /// [ConfigurationKeyName] attribute (string literals are UTF-16), so the bytes are searched for as such.
    /// </summary>
    public static bool KnowsSetting(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var dll = RequireHostDll();
        return File.ReadAllBytes(dll).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(name)) >= 0;
    }

    private static string Metadata(string key) =>
        typeof(HostLocation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing from {typeof(HostLocation).Assembly.GetName().Name}.");
}
