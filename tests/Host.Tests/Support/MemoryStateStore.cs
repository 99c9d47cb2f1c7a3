using System.Collections.Concurrent;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Storage;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// An in-memory durable store whose saves can be held: after <see cref="Block"/>, a save waits (the
/// node actor stalls inside it, as on a stalled disk) until <see cref="Release"/>.
/// </summary>
public sealed class MemoryStateStore(DurableState? initial = null) : IDurableStateStore
{
    private readonly object _gate = new();
    private TaskCompletionSource? _blocked;
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<DurableState> Saved { get; } = new();

    public DurableState? Current { get; private set; } = initial;

    /// <summary>Completes when a save has started while blocked.</summary>
    public Task BlockedSaveStarted
    {
        get
        {
            lock (_gate)
            {
                return _entered.Task;
            }
        }
    }

    public void Block()
    {
        lock (_gate)
        {
            _blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? blocked;
        lock (_gate)
        {
            blocked = _blocked;
            _blocked = null;
        }

        blocked?.TrySetResult();
    }

    public Task<DurableState?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Current);

    public async Task SaveAsync(DurableState state, CancellationToken cancellationToken)
    {
        TaskCompletionSource? blocked;
        lock (_gate)
        {
            blocked = _blocked;
            if (blocked is not null)
            {
                _entered.TrySetResult();
            }
        }

        if (blocked is not null)
        {
            await blocked.Task.WaitAsync(cancellationToken);
        }

        Current = state;
        Saved.Enqueue(state);
    }
}
