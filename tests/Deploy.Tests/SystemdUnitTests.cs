using System.Globalization;
using System.Text.RegularExpressions;
using DuckDuckGoose.LocalCluster;
using Xunit.Abstractions;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// deploy/systemd: <c>systemd-analyze verify</c> and <c>security --offline</c> on the unit (Debian's systemd;
/// ./test.sh installs it when missing), and the unit with the example environment file loaded as a node's
/// settings, the secrets coming from the credentials directory as systemd would hand them over.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class SystemdUnitTests(ITestOutputHelper output) : IDisposable
{
    private const string UnitName = "duckduckgoose.service";
    private readonly string _root = Directory.CreateTempSubdirectory("ddg-systemd-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string UnitText => DeployFiles.Read("systemd", UnitName);

    // Key=value lines of the [Service] section, in order (a key may repeat).
    private static List<(string Key, string Value)> Service() => [.. UnitText.Split('\n')
        .SkipWhile(line => line.Trim() != "[Service]").Skip(1)
        .TakeWhile(line => !line.StartsWith('['))
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]))];

    [Fact]
    public async Task SystemdAnalyzeVerifiesTheUnitWithoutAWarning()
    {
        var root = FakeRoot();

        var verify = await SystemdAnalyzeAsync("verify", $"--root={root}", UnitName);

        output.WriteLine($"systemd-analyze verify: exit code {verify.ExitCode}, output: '{verify.All}'");
        Assert.True(verify.ExitCode == 0 && verify.All.Length == 0, $"systemd-analyze verify found problems (exit code {verify.ExitCode}):\n{verify.All}");
    }

    [Fact]
    public async Task TheSandboxIsRatedBelowTwoBySystemdAnalyzeSecurity()
    {
        var root = FakeRoot();

        var security = await SystemdAnalyzeAsync("security", "--offline=yes", $"--root={root}", "--no-pager", UnitName);

        var match = ExposureLevel().Match(security.All);
        Assert.True(match.Success, $"no exposure level in the output of systemd-analyze security:\n{security.All}");
        var level = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine(match.Value);
        Assert.True(level < 2.0, $"exposure level {level}, expected below 2.0 (systemd's scale: 0 safest, 10 unprotected):\n{security.All}");
    }

    [Fact]
    public void ExecStartRunsTheExecutableAPublishOfTheHostMakes()
    {
        var execStart = Assert.Single(Service(), s => s.Key == "ExecStart").Value;

        Assert.Equal("/opt/duckduckgoose/DuckDuckGoose.Host", execStart);
        var built = Path.Combine(Path.GetDirectoryName(HostLocation.HostDll)!, Path.GetFileName(execStart));
        Assert.True(File.Exists(built), $"the host's build has no {Path.GetFileName(execStart)} (its apphost) next to {HostLocation.HostDll}");
    }

    [Fact]
    public void TheUnitAndTheExampleEnvironmentFileMakeValidSettingsWithSecretsFromTheCredentialsDirectory()
    {
        var credentials = Directory.CreateDirectory(Path.Combine(_root, "credentials")).FullName;
        var state = Directory.CreateDirectory(Path.Combine(_root, "state")).FullName;
        const string token = "deploy-test-admin-token-0123456789";
        var loaded = new List<string>();
        foreach (var (_, value) in Service().Where(s => s.Key == "LoadCredential"))
        {
            // LoadCredential=ID:PATH; systemd copies PATH to $CREDENTIALS_DIRECTORY/ID, readable by the service's user only.
            var id = value[..value.IndexOf(':', StringComparison.Ordinal)];
            DeployFiles.OwnerOnlyFile(credentials, id, id == "admin-token" ? token + "\n" : "deploy-test-cluster-secret-of-at-least-32-bytes\n");
            loaded.Add(id);
        }

        var environment = ExampleEnvironment();
        foreach (var (_, value) in Service().Where(s => s.Key == "Environment"))
        {
            var (name, setting) = Assignment(value);
            environment[name] = setting.Replace("%d", credentials, StringComparison.Ordinal).Replace("%S", state, StringComparison.Ordinal);
        }

        Assert.Empty(DeployFiles.UnknownSettings(environment.Keys));
        var settings = DeployFiles.LoadSettings(environment);

        Assert.Equal(["admin-token", "cluster-secret"], loaded.Order());
        Assert.Equal(token, settings.AdminToken);
        Assert.NotNull(settings.LoadClusterSecrets());
        Assert.Equal(Path.Combine(state, "duckduckgoose"), settings.DataDirectory);
        Assert.Equal("0.0.0.0", settings.Bind);
        Assert.Equal("http://10.0.0.12:4001", settings.AdvertiseUrl);
        Assert.Equal("10.0.0.11:4001", settings.Join);
    }

    // The example environment file's assignments (comments and blank lines skipped).
    private static Dictionary<string, string> ExampleEnvironment() => DeployFiles.Read("systemd", "duckduckgoose.env").Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(Assignment)
        .ToDictionary(a => a.Name, a => a.Value);

    private static (string Name, string Value) Assignment(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        Assert.True(equals > 0, $"'{text}' is not NAME=value");
        return (text[..equals], text[(equals + 1)..]);
    }

    // A root with the system's own units (for the dependencies: sysinit.target, network-online.target...),
    // the unit under /etc/systemd/system, and the host's executable where ExecStart expects it.
    private string FakeRoot()
    {
        var root = Path.Combine(_root, "root");
        var systemUnits = new[] { "/usr/lib/systemd/system", "/lib/systemd/system" }.FirstOrDefault(Directory.Exists)
                          ?? throw new InvalidOperationException("no /usr/lib/systemd/system here: apt-get install systemd (./test.sh does)");
        foreach (var file in Directory.EnumerateFiles(systemUnits, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, "usr/lib/systemd/system", Path.GetRelativePath(systemUnits, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (new FileInfo(file).LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else
            {
                File.Copy(file, target);
            }
        }

        var units = Directory.CreateDirectory(Path.Combine(root, "etc/systemd/system")).FullName;
        File.Copy(DeployFiles.Path("systemd", UnitName), Path.Combine(units, UnitName));
        var execStart = Assert.Single(Service(), s => s.Key == "ExecStart").Value;
        var executable = Path.Combine(root, execStart.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(executable)!);
        File.Copy(Path.Combine(Path.GetDirectoryName(HostLocation.HostDll)!, Path.GetFileName(execStart)), executable);
        return root;
    }

    private static async Task<ToolRun> SystemdAnalyzeAsync(params string[] arguments)
    {
        Assert.True(ToolRun.Find("systemd-analyze") is not null, "systemd-analyze is not installed: apt-get install systemd (./test.sh installs it)");
        return await ToolRun.RunAsync("systemd-analyze", arguments, new Dictionary<string, string> { ["SYSTEMD_COLORS"] = "0" });
    }

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex ExposureLevel();
}
