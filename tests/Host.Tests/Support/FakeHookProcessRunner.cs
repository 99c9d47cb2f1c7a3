using System.Threading.Channels;
using DuckDuckGoose.Host.Hooks;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>Hook runs the test finishes by hand: each run waits for <see cref="FakeHookRun.Exit"/> or <see cref="FakeHookRun.FailToStart"/>, or its token (as a kill).</summary>
public sealed class FakeHookProcessRunner : IHookProcessRunner
{
    private readonly Channel<FakeHookRun> _runs = Channel.CreateUnbounded<FakeHookRun>();

    public async Task<int> RunAsync(HookProcessRequest request, Action<HookOutputLine> output, CancellationToken cancellationToken)
    {
        var run = new FakeHookRun(request, output, cancellationToken);
        _runs.Writer.TryWrite(run);
        try
        {
            return await run.Result.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            run.Killed = true;
            throw;
        }
    }

    /// <summary>The next run started, in order.</summary>
    public async Task<FakeHookRun> NextAsync(string phase)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            return await _runs.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No hook run started within 20 s ({phase}).");
        }
    }

    /// <summary>Whether a run has started that no test has taken yet.</summary>
    public bool HasStarted => _runs.Reader.TryPeek(out _);
}
