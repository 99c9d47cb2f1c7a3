namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// The node host published with src/Host's publish profile <c>Composite</c>: self-contained, with the framework,
/// the packages and the node's own code compiled ahead of time into one composite ReadyToRun image, so a start
/// JIT-compiles a fraction of what the plain build does. For many nodes on one machine, where every node's
/// start-up CPU is paid once per node.
/// </summary>
public static class CompositeHost
{
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
    public static Task<string> PublishAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        DotnetPublish.RunAsync(Path.Combine("src", "Host"), ["-p:PublishProfile=Composite"], "composite", HostDll, timeout, cancellationToken);
}
