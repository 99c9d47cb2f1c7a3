using System.Diagnostics;

namespace DuckDuckGoose.LocalCluster;

/// <summary>Runs <c>dotnet publish</c> of one project of this repository, to a folder of its own.</summary>
public static class DotnetPublish
{
    /// <summary>
    /// Publishes the project in <paramref name="projectDirectory"/> (relative to the repository root) with
    /// <paramref name="arguments"/>, and returns <paramref name="expectedFile"/>. Every project of the publish
    /// builds into <c>bin/{<paramref name="buildFolder"/>}/</c> and <c>obj/{<paramref name="buildFolder"/>}/</c>:
    /// a publish restores for one platform, and in the plain build's <c>obj/</c> each would undo the other's,
    /// so that every build after a publish, and every publish after a build, compiled all again. Incremental:
    /// seconds when nothing changed. Throws with the end of the output when the publish fails or takes longer
    /// than <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string> RunAsync(
        string projectDirectory, IReadOnlyList<string> arguments, string buildFolder, string expectedFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentException.ThrowIfNullOrWhiteSpace(buildFolder);
        var info = new ProcessStartInfo(HostLocation.Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = HostLocation.RepoRoot,
        };
        info.ArgumentList.Add("publish");
        info.ArgumentList.Add(Path.Combine(HostLocation.RepoRoot, projectDirectory));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add($"-p:BaseIntermediateOutputPath=obj/{buildFolder}/");
        info.ArgumentList.Add($"-p:BaseOutputPath=bin/{buildFolder}/");
        info.ArgumentList.Add("--nologo");
        // No compiler or MSBuild server left running after the publish: a benchmark measures right after it.
        info.ArgumentList.Add("--disable-build-servers");

        var command = $"dotnet publish {projectDirectory} {string.Join(' ', arguments)}";
        var exit = await ProcessRun.RunToExitAsync(info, timeout, cancellationToken).ConfigureAwait(false);
        if (exit.TimedOut)
        {
            throw new TimeoutException($"{command} took longer than {timeout.TotalSeconds:0} s:\n{Tail(exit.Output)}");
        }

        if (exit.ExitCode != 0 || !File.Exists(expectedFile))
        {
            throw new InvalidOperationException(
                $"{command} exited with code {exit.ExitCode}" + (File.Exists(expectedFile) ? "" : $" and left no {expectedFile}") + $":\n{Tail(exit.Output)}");
        }

        return expectedFile;
    }

    // The last 40 lines: where dotnet publish says what failed.
    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));
}
