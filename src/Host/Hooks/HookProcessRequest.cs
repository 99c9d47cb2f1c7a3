namespace DuckDuckGoose.Host.Hooks;

/// <summary>One hook command to run.</summary>
/// <param name="Hook">The setting the command came from (<c>on-goose</c>, <c>on-duck</c>, <c>on-role-change</c>), for the log.</param>
/// <param name="CommandLine">A shell command line, run with <c>/bin/sh -c</c> (Windows: <c>cmd /c</c>).</param>
/// <param name="Environment">The <c>DUCK_*</c> variables the command receives (<see cref="HookEnvironment"/>).</param>
public sealed record HookProcessRequest(string Hook, string CommandLine, IReadOnlyDictionary<string, string> Environment);
