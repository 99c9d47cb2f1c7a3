using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>Membership changes one server at a time (Raft thesis §4.1, with the 2015 fix: a new Goose commits in its term first).</summary>
public sealed partial class ElectionCore
{
    private (long CommandId, long Index)? _pendingChange;

    /// <summary>Takes a membership command; its decision comes in <see cref="Ready.Completed"/> of this or a later step.</summary>
    public Ready Propose(MembershipCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var outcome = Decide(command);
        if (outcome is not null)
        {
            _ready.Completed.Add(outcome);
        }

        return Finish();
    }

    private CommandResult? Decide(MembershipCommand command)
    {
        var goose = _leaderId is null ? null : FindMember(_leaderId);
        if (_state != NodeState.Leader)
        {
            return Result(command, MembershipOutcome.NotGoose, goose, goose is null ? "No Goose is known yet; retry shortly." : $"Ask the Goose {goose.Id} at {goose.Url}.");
        }

        var current = Configuration;
        var existing = current.FirstOrDefault(m => m.Id == command.Member.Id);
        IReadOnlyList<Member> next;
        if (command.Change == MembershipChange.Add)
        {
            if (existing == command.Member)
            {
                return Result(command, MembershipOutcome.Done, goose, $"{command.Member.Id} is already a member.");
            }

            if (current.FirstOrDefault(m => m.Url == command.Member.Url && m.Id != command.Member.Id) is { } other)
            {
                return Result(command, MembershipOutcome.Rejected, goose, $"{command.Member.Url} already belongs to member {other.Id}; remove it first.");
            }

            next = [.. current.Where(m => m.Id != command.Member.Id), command.Member];
        }
        else
        {
            if (existing is null)
            {
                return Result(command, MembershipOutcome.Done, goose, $"{command.Member.Id} is not a member.");
            }

            if (current.Count == 1)
            {
                return Result(command, MembershipOutcome.Rejected, goose, "The last member cannot be removed.");
            }

            next = [.. current.Where(m => m.Id != command.Member.Id)];
        }

        // Thesis §4.1: one change at a time, and none until this Goose has committed an entry of its own
        // term (the 2015 single-server-change fix); otherwise two changes could form disjoint majorities.
        if (_pendingChange is not null || _log.ConfigurationIndex > _commitIndex || _commitIndex < _termStartIndex)
        {
            return Result(command, MembershipOutcome.Busy, goose, "Another membership change is in flight; retry shortly.");
        }

        // Thesis §4.1: the new configuration takes effect as soon as it is in the log, committed or not.
        var entry = _log.Append(_term, next);
        _ready.Dirty = true;
        _pendingChange = (command.Id, entry.Index);
        SyncProgress();
        BroadcastRound();
        MaybeCommit();
        return null;
    }

    private void CompletePendingChange()
    {
        if (_pendingChange is { } pending && pending.Index <= _commitIndex)
        {
            _pendingChange = null;
            _ready.Completed.Add(new CommandResult(pending.CommandId, MembershipOutcome.Done, FindMember(_options.SelfId), "Committed."));
        }
    }

    private void FailPendingChange()
    {
        if (_pendingChange is { } pending)
        {
            _pendingChange = null;
            _ready.Completed.Add(new CommandResult(pending.CommandId, MembershipOutcome.Busy, null, "Leadership changed before the change committed; retry."));
        }
    }

    private static CommandResult Result(MembershipCommand command, MembershipOutcome outcome, Member? goose, string detail) =>
        new(command.Id, outcome, goose, detail);
}
