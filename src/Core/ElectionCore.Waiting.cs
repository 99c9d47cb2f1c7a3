using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// Membership changes that wait for the one in flight (thesis §4.1 allows one at a time): queued on the
/// Goose in arrival order and decided when the way is clear, instead of refused with "retry shortly", so
/// that nodes that start together, or an operator's script adding several, do not race a backoff.
/// </summary>
public sealed partial class ElectionCore
{
    /// <summary>Most changes that may wait at once; one more is refused as Busy.</summary>
    public const int MaxWaitingChanges = 256;

    private readonly Queue<(MembershipCommand Command, long QueuedTick)> _waiting = new();

    /// <summary>Longest a change waits before it is answered Busy: 20 minimum election timeouts (3 s at the defaults).</summary>
    private int WaitLimitTicks => _options.ElectionTimeoutTicks * 20;

    /// <summary>Why a membership change may not start now, or null when it may.</summary>
    private string? ChangeBlocked =>

        // Thesis §4.1: one change at a time, and none until this Goose has committed an entry of its own
        // term (the 2015 single-server-change fix); otherwise two changes could form disjoint majorities.
        MembershipChangeInFlight || _commitIndex < _termStartIndex ? "another membership change is in flight"

        // Thesis §3.10: a Goose handing over leadership accepts no changes; nor until the no-op that
        // fences an aborted hand-over commits (the majority that stores it must stay a majority).
        : _transfer is { } transfer ? $"leadership is being handed over to {transfer.Target.Id}"
        : LeaseFenced ? "a hand-over was just aborted"
        : null;

    private CommandResult? Wait(MembershipCommand command)
    {
        if (_waiting.Count >= MaxWaitingChanges)
        {
            return Result(command, MembershipOutcome.Busy, FindMember(_options.SelfId), $"{MaxWaitingChanges} membership changes are already waiting; retry shortly.");
        }

        _waiting.Enqueue((command, _tickCount));
        return null;
    }

    /// <summary>Decides waiting changes, oldest first, while the way is clear; run at the end of every step.</summary>
    private void DecideWaiting()
    {
        while (_state == NodeState.Leader && _waiting.Count > 0 && ChangeBlocked is null)
        {
            var outcome = Decide(_waiting.Dequeue().Command, queued: true);
            if (outcome is not null)
            {
                _ready.Completed.Add(outcome);
            }
        }
    }

    /// <summary>A change that waited longer than its limit is answered Busy (the caller may retry).</summary>
    private void ExpireWaiting()
    {
        while (_waiting.TryPeek(out var head) && _tickCount - head.QueuedTick >= WaitLimitTicks)
        {
            _waiting.Dequeue();
            _ready.Completed.Add(Result(
                head.Command,
                MembershipOutcome.Busy,
                FindMember(_options.SelfId),
                $"Waited {WaitLimitTicks} ticks while {ChangeBlocked ?? "other changes went first"}; retry shortly."));
        }
    }

    /// <summary>A Goose that stops leading answers every waiting change NotGoose, so the caller asks the next Goose.</summary>
    private void ReleaseWaiting()
    {
        while (_waiting.TryDequeue(out var waiting))
        {
            _ready.Completed.Add(Result(waiting.Command, MembershipOutcome.NotGoose, null, "This node stopped being the Goose before the change could start; ask the new Goose."));
        }
    }
}
