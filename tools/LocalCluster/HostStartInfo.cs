using System.Diagnostics;

namespace DuckDuckGoose.LocalCluster;

/// <summary>Builds the <see cref="ProcessStartInfo"/> for <c>dotnet DuckDuckGoose.Host.dll …</c>.</summary>
internal static class HostStartInfo
{
    // Settings the parent may carry that would silently change a child: every DUCK_* setting and
    // ASP.NET Core's own URL settings (the host decides its URL from port and bind).
    private static readonly string[] ScrubbedVariables = ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS"];

    public static ProcessStartInfo Create(
        IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment,
        string workingDirectory,
        string? hostDll = null)
    {
        var info = new ProcessStartInfo(HostLocation.Dotnet)
        {
            UseShellExecute = false,
            // A pipe nobody writes: the node never shares (and never re-configures) our terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(hostDll ?? HostLocation.RequireHostDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("DUCK_", StringComparison.OrdinalIgnoreCase) || ScrubbedVariables.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                info.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    public static ProcessStartInfo Create(NodeLaunch launch)
    {
        var arguments = new List<string>();
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in launch.AllSettings())
        {
            if (launch.Style == NodeSettingsStyle.CommandLine)
            {
                arguments.Add("--" + name);
                arguments.Add(value);
            }
            else
            {
                environment.Add(new(NodeLaunch.EnvironmentName(name), value));
            }
        }

        environment.AddRange(launch.Environment);
        var info = Create(arguments, environment, launch.DataDirectory, launch.HostDll);
        if (launch.Nice is { } nice)
        {
            // nice runs the same process image (exec), so the process id stays the node's.
            info.ArgumentList.Insert(0, info.FileName);
            info.ArgumentList.Insert(0, nice.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Insert(0, "-n");
            info.FileName = "nice";
        }

        return info;
    }
}
