using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Storage;

/// <summary>Keeps a node's <see cref="DurableState"/> across crashes (Raft §5.1 persistent state).</summary>
public interface IDurableStateStore
{
    /// <summary>The state last saved, or null when none was ever saved.</summary>
    Task<DurableState?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the saved state; when the task completes, the new state survives a crash or power loss.</summary>
    Task SaveAsync(DurableState state, CancellationToken cancellationToken);
}
