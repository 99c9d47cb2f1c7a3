using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>Membership changes one server at a time (Raft thesis §4.1, with the 2015 fix: a new Goose commits in its term first).</summary>
public sealed partial class ElectionCore
{
    private (long CommandId, long Index)? _pendingChange;

    // Thesis §4.2.1: a server being added first catches up as a non-voting learner, so that a slow or
    // unreachable newcomer never becomes part of the quorum the Goose needs for its lease.
    private (long CommandId, Member Member, Progress Progress, long StartTick)? _learner;

    /// <summary>Takes a membership command; its decision comes in <see cref="Ready.Completed"/> of this or a later step.</summary>
    public Ready Propose(MembershipCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var outcome = Decide(command, queued: false);
        if (outcome is not null)
        {
            _ready.Completed.Add(outcome);
        }

        return Finish();
    }

    /// <summary>
    /// Takes a new voter target. Once it is committed in a configuration entry, Autopilot moves the voters to
    /// it one seat at a time (see <see cref="RunAutopilot"/>); the result comes when the entry commits.
    /// </summary>
    public Ready SetVoters(VotersCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var goose = _leaderId is null ? null : FindMember(_leaderId);
        var outcome =
            _state != NodeState.Leader ? new CommandResult(command.Id, MembershipOutcome.NotGoose, goose, goose is null ? "No Goose is known yet; retry shortly." : $"Ask the Goose {goose.Id} at {goose.Url}.")
            : Contracts.VoterTarget.Problem(command.Voters) is { } problem ? new CommandResult(command.Id, MembershipOutcome.Rejected, goose, $"voters {problem}.")
            : command.Voters == _log.VoterTarget ? new CommandResult(command.Id, MembershipOutcome.Done, goose, $"The cluster already keeps {command.Voters} voters.")
            : ChangeBlocked is { } blocked ? new CommandResult(command.Id, MembershipOutcome.Busy, goose, $"Not now: {blocked}; retry shortly.")
            : null;
        if (outcome is null)
        {
            AppendConfiguration(command.Id, Configuration, command.Voters);
        }
        else
        {
            _ready.Completed.Add(outcome);
        }

        return Finish();
    }

    private CommandResult? Decide(MembershipCommand command, bool queued)
    {
        var goose = _leaderId is null ? null : FindMember(_leaderId);
        if (_state != NodeState.Leader)
        {
            return Result(command, MembershipOutcome.NotGoose, goose, goose is null ? "No Goose is known yet; retry shortly." : $"Ask the Goose {goose.Id} at {goose.Url}.");
        }

        var current = Configuration;
        var existing = FindMember(command.Member.Id);

        // Whether a member votes is the Goose's call (below, and Autopilot's), never the caller's: a member
        // asking to be added again keeps the seat it has, a newcomer gets one only if one is free.
        command = command with { Member = command.Member.AsVoter(existing?.IsVoter ?? true) };
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

        }
        else
        {
            if (existing is null)
            {
                return Result(command, MembershipOutcome.Done, goose, $"{command.Member.Id} is not a member.");
            }

            if (current.Count == 1 || (existing.IsVoter && Voters.Count == 1))
            {
                return Result(command, MembershipOutcome.Rejected, goose, current.Count == 1 ? "The last member cannot be removed." : "The last voter cannot be removed.");
            }
        }

        // A change that may not start yet waits its turn, behind any that already wait (first come, first
        // served), so that nodes started together all join on their first request.
        if (ChangeBlocked is not null || (!queued && _waiting.Count > 0))
        {
            return Wait(command);
        }

        if (command.Change == MembershipChange.Remove && UnreachableAfterRemoval(command.Member.Id) is { } problem)
        {
            return Result(command, MembershipOutcome.Rejected, goose, problem);
        }

        // Nofailover: a configuration in which no voter may stand could never elect a Goose again, and
        // without a Goose it could never be changed back.
        var next = command.Change == MembershipChange.Add
            ? [.. current.Where(m => m.Id != command.Member.Id), command.Member]
            : current.Where(m => m.Id != command.Member.Id).ToList();
        if (!next.Any(m => m.CanStand))
        {
            return Result(command, MembershipOutcome.Rejected, goose, $"After this change every voter ({string.Join(", ", next.Select(m => m.Id))}) would have priority 0 and no Goose could ever be elected.");
        }

        if (command.Change == MembershipChange.Add && existing is not null)
        {
            // A member whose addresses or priority changed: the set of voters stays the same, so its
            // entry is replaced in place, without a learner phase.
            AppendConfiguration(command.Id, [.. current.Select(m => m.Id == existing.Id ? command.Member : m)]);
            return null;
        }

        // Voters are kept at the cluster's target (the voters setting): a newcomer that finds every seat
        // taken joins as a non-voter at once, which changes no quorum and so needs no catching up first.
        if (command.Change == MembershipChange.Add && Voters.Count >= _log.VoterTarget)
        {
            AppendConfiguration(command.Id, [.. current, command.Member.AsVoter(false)]);
            return null;
        }

        if (command.Change == MembershipChange.Add)
        {
            _learner = (command.Id, command.Member, new Progress(_log.LastIndex + 1, _tickCount), _tickCount);
            SendAppend(command.Member, _learner.Value.Progress);
            return null;
        }

        AppendConfiguration(command.Id, [.. current.Where(m => m.Id != command.Member.Id)]);
        return null;
    }

    /// <summary>A configuration change is being caught up, appended or committed (thesis §4.1: one at a time).</summary>
    private bool MembershipChangeInFlight =>
        _pendingChange is not null || _learner is not null || _log.ConfigurationIndex > _commitIndex;

    /// <summary>
    /// Why removing <paramref name="id"/> would leave no reachable majority, or null if it would not:
    /// counting this node and the peers heard within one minimum election timeout, the remaining
    /// configuration must still hold a majority, or the cluster could not commit or elect after it.
    /// </summary>
    private string? UnreachableAfterRemoval(string id)
    {
        var remaining = Voters.Where(m => m.Id != id).ToList();
        var reachable = remaining.Count(m => m.Id == _options.SelfId || HeardRecently(m.Id));
        var majority = (remaining.Count / 2) + 1;
        return reachable >= majority
            ? null
            : $"removing {id} would leave {reachable} of {remaining.Count} remaining voters reachable; a majority ({majority}) is needed";
    }

    private bool HeardRecently(string id) =>
        _progress.TryGetValue(id, out var progress)
        && progress.LastHeardTick is { } heard
        && _tickCount - heard <= _options.ElectionTimeoutTicks;

    /// <summary>
    /// Appends a new configuration, with the voter target unchanged unless <paramref name="voters"/> names one;
    /// it is in force at once and the change is done once committed.
    /// </summary>
    private void AppendConfiguration(long commandId, IReadOnlyList<Member> next, int? voters = null)
    {
        // Thesis §4.1: the new configuration takes effect as soon as it is in the log, committed or not.
        var entry = _log.Append(_term, next, voters ?? _log.VotersSetting);
        _ready.Dirty = true;
        _pendingChange = (commandId, entry.Index);
        SyncProgress();
        BroadcastRound();
        MaybeCommit();
    }

    /// <summary>The learner answered an append: once its log holds everything, it becomes a voter.</summary>
    private void HandleLearnerResponse(AppendResponse response)
    {
        var (commandId, member, progress, _) = _learner!.Value;
        progress.LastHeardTick = _tickCount;
        if (!response.Success)
        {
            progress.NextIndex = Math.Max(1, Math.Min(progress.NextIndex - 1, response.MatchIndex + 1));
            SendAppend(member, progress);
            return;
        }

        // A newcomer of this cluster can only match entries this Goose sent it. One that claims more holds
        // a log that is not this cluster's (its base lies beyond ours): counting it would make a commit
        // that only this Goose stores, so it is not added.
        if (response.MatchIndex > _log.LastIndex)
        {
            _learner = null;
            _ready.Completed.Add(new CommandResult(
                commandId,
                MembershipOutcome.Rejected,
                FindMember(_options.SelfId),
                $"{member.Id} at {member.Url} claims log index {response.MatchIndex}, past this Goose's last index {_log.LastIndex}: its data directory holds another cluster's log. Start it with an empty data directory and join."));
            return;
        }

        progress.MatchIndex = Math.Max(progress.MatchIndex, response.MatchIndex);
        progress.NextIndex = progress.MatchIndex + 1;
        if (progress.MatchIndex < _log.LastIndex)
        {
            return;
        }

        _learner = null;
        _progress[member.Id] = progress;
        AppendConfiguration(commandId, [.. Configuration.Where(m => m.Id != member.Id), member]);
    }

    /// <summary>Thesis §4.2.1: a newcomer that does not catch up within a bound is not added.</summary>
    private void CheckLearnerDeadline()
    {
        if (_learner is { } learner && _tickCount - learner.StartTick >= LearnerDeadlineTicks)
        {
            _learner = null;
            _ready.Completed.Add(new CommandResult(
                learner.CommandId,
                MembershipOutcome.Busy,
                FindMember(_options.SelfId),
                $"{learner.Member.Id} at {learner.Member.Url} did not catch up within {LearnerDeadlineTicks} ticks; retry when it is reachable (a node that was started without join founded a cluster of its own and never will: restart it with join and a fresh data directory)."));
        }
    }

    private int LearnerDeadlineTicks => _options.ElectionTimeoutTicks * 10;

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
        if (_learner is { } learner)
        {
            _learner = null;
            _ready.Completed.Add(new CommandResult(learner.CommandId, MembershipOutcome.Busy, null, "Leadership changed before the new member caught up; retry."));
        }

        if (_pendingChange is { } pending)
        {
            _pendingChange = null;
            _ready.Completed.Add(new CommandResult(pending.CommandId, MembershipOutcome.Busy, null, "Leadership changed before the change committed; retry."));
        }
    }

    private static CommandResult Result(MembershipCommand command, MembershipOutcome outcome, Member? goose, string detail) =>
        new(command.Id, outcome, goose, detail);
}
