using System.Diagnostics;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// The node host published with src/Host's publish profile <c>Composite</c>: self-contained, with the framework,
/// the packages and the node's own code compiled ahead of time into one composite ReadyToRun image, so a start
/// JIT-compiles a fraction of what the plain build does. For many nodes on one machine, where every node's
/// start-up CPU is paid once per node.
/// </summary>
public static class CompositeHost
{
    private const string Command = "dotnet publish src/Host -p:PublishProfile=Composite";

    /// <summary>Where the profile publishes to: <c>artifacts/composite/</c> under the repository root (ignored by git).</summary>
    public static string Directory { get; } = Path.Combine(HostLocation.RepoRoot, "artifacts", "composite");

    /// <summary>The published host assembly, run with <c>dotnet</c> like the plain build.</summary>
    public static string HostDll { get; } = Path.Combine(Directory, "DuckDuckGoose.Host.dll");

    /// <summary>
    /// Runs <c>dotnet publish src/Host -p:PublishProfile=Composite</c> and returns <see cref="HostDll"/>. Incremental:
    /// a few seconds when nothing changed, about two minutes from nothing on a 2-core machine (the composite image
    /// of the whole framework is compiled then). Throws with the end of the publish output when it fails or
    /// takes longer than <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string> PublishAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(HostLocation.Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = HostLocation.RepoRoot,
        };
        // Every project of the publish builds into bin/composite/ and obj/composite/: its restore is for one
        // platform, self-contained, and in the plain build's obj/ each would undo the other's, so that every
        // build after a publish, and every publish after a build, compiled all again (two minutes for this one).
        foreach (var argument in new[]
                 {
                     "publish", Path.Combine(HostLocation.RepoRoot, "src", "Host"), "-p:PublishProfile=Composite",
                     "-p:BaseIntermediateOutputPath=obj/composite/", "-p:BaseOutputPath=bin/composite/", "--nologo",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var exit = await ProcessRun.RunToExitAsync(info, timeout, cancellationToken).ConfigureAwait(false);
        if (exit.TimedOut)
        {
            throw new TimeoutException($"{Command} took longer than {timeout.TotalSeconds:0} s:\n{Tail(exit.Output)}");
        }

        if (exit.ExitCode != 0 || !File.Exists(HostDll))
        {
            throw new InvalidOperationException(
                $"{Command} exited with code {exit.ExitCode}" + (File.Exists(HostDll) ? "" : $" and left no {HostDll}") + $":\n{Tail(exit.Output)}");
        }

        return HostDll;
    }

    // The last 40 lines: where dotnet publish says what failed.
    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));
}
