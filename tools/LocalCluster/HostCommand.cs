namespace DuckDuckGoose.LocalCluster;

/// <summary>Runs the node host once to completion, such as to see it refuse bad settings.</summary>
public static class HostCommand
{
    /// <summary>
    /// Runs <c>dotnet DuckDuckGoose.Host.dll <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>
    /// and returns its exit code and output; kills it (SIGKILL) when it still runs after <paramref name="timeout"/>.
    /// </summary>
    public static Task<HostExit> RunToExitAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken) =>
        ProcessRun.RunToExitAsync(HostStartInfo.Create(arguments, environment, workingDirectory), timeout, cancellationToken);
}
