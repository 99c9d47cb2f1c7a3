using DuckDuckGoose.Core;

namespace DuckDuckGoose.Simulation;

/// <summary>
/// After a Goose is elected: which live members do not name it yet, and when each first did. Every step of every
/// node reports its status here; a member names the Goose when its status has that Goose as leader in its term.
/// </summary>
internal sealed class FailoverWatch
{
    private readonly HashSet<string> _pending;

    public FailoverWatch(SimulatedNode goose, long term, long electedAt, IEnumerable<SimulatedNode> members)
    {
        Goose = goose;
        Term = term;
        ElectedAt = electedAt;
        _pending = [.. members.Where(m => !Names(m.Core?.Status)).Select(m => m.Id)];
        LastNamedAt = electedAt;
    }

    public SimulatedNode Goose { get; }

    public long Term { get; }

    /// <summary>Real time the Goose became Leader.</summary>
    public long ElectedAt { get; }

    /// <summary>Real time the last of the members so far came to name the Goose.</summary>
    public long LastNamedAt { get; private set; }

    /// <summary>How many members came to name the Goose while watched (those that did already are not counted).</summary>
    public int Learned { get; private set; }

    public IReadOnlyCollection<string> Pending => _pending;

    public void Observe(SimulatedNode node, CoreStatus status, long now)
    {
        if (_pending.Count > 0 && Names(status) && _pending.Remove(node.Id))
        {
            Learned++;
            LastNamedAt = Math.Max(LastNamedAt, now);
        }
    }

    /// <summary>A member that crashed is no longer owed the news; one that restarts is watched no more either.</summary>
    public void Forget(SimulatedNode node) => _pending.Remove(node.Id);

    private bool Names(CoreStatus? status) => status is not null && status.Term == Term && status.Leader?.Id == Goose.Id;
}
