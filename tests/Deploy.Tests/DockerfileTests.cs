using System.Diagnostics;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.LocalCluster;
using Xunit.Abstractions;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile without a container engine (none runs here): its instructions, its settings loaded as a
/// node's, and its build stage replayed: the files it copies, published with its own command, make a host
/// with its plugins that answers the image's HEALTHCHECK command.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DockerfileTests(ITestOutputHelper output) : IDisposable
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load();
    private readonly string _folder = Directory.CreateTempSubdirectory("ddg-dockerfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheImageRunsOnTheAspNetRuntimeAsItsNonRootUserWithItsDataInAVolume()
    {
        var stages = _dockerfile.Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        var final = _dockerfile.Final.ToList();

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0"], stages);
        var user = final.Last(i => i.Keyword == "USER").Arguments;
        Assert.Equal("$APP_UID", user);
        Assert.True(final.IndexOf(final.Last(i => i.Keyword == "USER")) > final.FindLastIndex(i => i.Keyword == "RUN"), "every RUN of the final stage comes before USER; the node runs as the image's non-root user");
        Assert.Equal(_dockerfile.FinalEnvironment()["DUCK_DATA"], Assert.Single(final, i => i.Keyword == "VOLUME").Arguments);
        Assert.Equal("""["/app/DuckDuckGoose.Host"]""", Assert.Single(final, i => i.Keyword == "ENTRYPOINT").Arguments);
        Assert.Contains("/status", Assert.Single(final, i => i.Keyword == "HEALTHCHECK").Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImagesSettingsNeedOnlyTheUrlPeersReachTheContainerAt()
    {
        var environment = new Dictionary<string, string>(_dockerfile.FinalEnvironment());

        var error = Assert.Throws<NodeSettingsException>(() => DeployFiles.LoadSettings(environment));
        Assert.StartsWith("advertise: 'http://0.0.0.0:4001' is where peers would call this node", Assert.Single(error.Errors), StringComparison.Ordinal);

        environment["DUCK_ADVERTISE"] = "http://10.0.0.11:4001";
        var settings = DeployFiles.LoadSettings(environment);
        Assert.Equal(("0.0.0.0", 4001, "/var/lib/duckduckgoose"), (settings.Bind, settings.Port, settings.DataDirectory));
    }

    [Fact]
    public async Task TheBuildStagePublishesAHostWithItsPluginsThatAnswersTheHealthCheck()
    {
        // The build context as the build stage sees it: only what it copies, without bin/ and obj/ (Dockerfile.dockerignore).
        var context = Directory.CreateDirectory(Path.Combine(_folder, "src")).FullName;
        var build = _dockerfile.Instructions.Where(i => i.Stage == 0).ToList();
        foreach (var copy in build.Where(i => i.Keyword == "COPY"))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[..^1])
            {
                CopyIntoContext(source.TrimEnd('/'), context, parts[^1]);
            }
        }

        var publish = Assert.Single(build, i => i.Keyword == "RUN").Arguments;
        Assert.Equal("dotnet publish src/Host -c Release -o /app", publish);
        var app = Path.Combine(_folder, "app");
        var stopwatch = Stopwatch.StartNew();
        var run = await ToolRun.RunAsync(HostLocation.Dotnet, ["publish", Path.Combine(context, "src/Host"), "-c", "Release", "-o", app, "--nologo"], timeout: TimeSpan.FromMinutes(8));
        output.WriteLine($"dotnet publish of the build stage's context: exit code {run.ExitCode} after {stopwatch.Elapsed.TotalSeconds:0} s");
        Assert.True(run.ExitCode == 0, $"the build stage's publish failed:\n{run.All}");

        Assert.True(File.Exists(Path.Combine(app, "DuckDuckGoose.Host")), "no apphost DuckDuckGoose.Host, which ENTRYPOINT runs");
        foreach (var plugin in Directory.EnumerateDirectories(Path.Combine(HostLocation.RepoRoot, "plugins")).Select(Path.GetFileName))
        {
            Assert.True(File.Exists(Path.Combine(app, "plugins", plugin!, plugin + ".dll")), $"the publish has no plugins/{plugin}/{plugin}.dll");
        }

        await AnswersTheHealthCheckAsync(app);
    }

    // Runs the published host as the image would (its ENV, on loopback here) and the HEALTHCHECK command against it.
    private async Task AnswersTheHealthCheckAsync(string app)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(_dockerfile.FinalEnvironment())
        {
            ["DUCK_BIND"] = "127.0.0.1",
            ["DUCK_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DUCK_ADVERTISE"] = $"http://127.0.0.1:{port}",
            ["DUCK_DATA"] = Path.Combine(_folder, "data"),
            ["DOTNET_ROOT"] = Path.GetDirectoryName(HostLocation.Dotnet)!,
        };
        var health = Assert.Single(_dockerfile.Final, i => i.Keyword == "HEALTHCHECK").Arguments;
        var command = health[(health.IndexOf("CMD ", StringComparison.Ordinal) + 4)..];
        var info = new ProcessStartInfo(Path.Combine(app, "DuckDuckGoose.Host")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("DUCK_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var node = Process.Start(info)!;
        node.OutputDataReceived += (_, _) => { };
        node.ErrorDataReceived += (_, _) => { };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            ToolRun check;
            do
            {
                await Task.Delay(200);
                check = await ToolRun.RunAsync("/bin/sh", ["-c", command], environment);
            }
            while (check.ExitCode != 0 && DateTime.UtcNow < deadline && !node.HasExited);

            Assert.True(check.ExitCode == 0, $"the HEALTHCHECK command `{command}` failed against the published host (exit code {check.ExitCode}, host exited: {node.HasExited}): {check.All}");
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }

        var afterKill = await ToolRun.RunAsync("/bin/sh", ["-c", command], environment);
        Assert.NotEqual(0, afterKill.ExitCode);
    }

    private static void CopyIntoContext(string source, string context, string destination)
    {
        var from = Path.Combine(HostLocation.RepoRoot, source);
        if (File.Exists(from))
        {
            var target = destination.EndsWith('/') || destination == "./" ? Path.Combine(context, destination, Path.GetFileName(source)) : Path.Combine(context, destination);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target);
            return;
        }

        Assert.True(Directory.Exists(from), $"COPY {source}: no such file or folder in the repository");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split('/').Any(part => part is "bin" or "obj" or "data" or "TestResults"))
            {
                continue;
            }

            var target = Path.Combine(context, destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
