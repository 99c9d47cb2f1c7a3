using DuckDuckGoose.Host.Hooks;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>One run of <see cref="FakeHookProcessRunner"/>.</summary>
public sealed class FakeHookRun(HookProcessRequest request, Action<HookOutputLine> output, CancellationToken token)
{
    public HookProcessRequest Request { get; } = request;

    public Action<HookOutputLine> Output { get; } = output;

    public CancellationToken Token { get; } = token;

    public TaskCompletionSource<int> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Killed { get; set; }

    public string Hook => Request.Hook;

    public string Env(string name) => Request.Environment[name];

    public void Exit(int code) => Result.TrySetResult(code);

    public void FailToStart() => Result.TrySetException(new System.ComponentModel.Win32Exception(2, "No such file or directory"));
}
