namespace DuckDuckGoose.Plugins.Tests;

/// <summary>Sets <c>DDG_FAULTS_FILE</c> for the transports created while it lives, then restores it.</summary>
internal sealed class FaultsFileVariable : IDisposable
{
    public const string Name = "DDG_FAULTS_FILE";

    private readonly string? _previous = Environment.GetEnvironmentVariable(Name);

    public FaultsFileVariable(string? path) => Environment.SetEnvironmentVariable(Name, path);

    public void Dispose() => Environment.SetEnvironmentVariable(Name, _previous);
}
