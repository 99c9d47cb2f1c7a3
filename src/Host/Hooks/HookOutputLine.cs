namespace DuckDuckGoose.Host.Hooks;

/// <summary>A line a hook wrote.</summary>
/// <param name="Text">The line, without its line break.</param>
/// <param name="IsError">Whether it came from standard error.</param>
public sealed record HookOutputLine(string Text, bool IsError);
