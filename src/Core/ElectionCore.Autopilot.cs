using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// The Goose keeps its voters at the cluster's target (Consul's Autopilot, etcd's learners made permanent):
/// it promotes a healthy, caught-up non-voter into a free seat or in place of a voter unheard for the
/// stabilization time, demotes a dead or surplus voter to a non-voter, and removes a non-voter unheard for
/// much longer. Each decision is one single-server change (thesis §4.1), taken only when no other change is
/// in flight or waiting, and never one that would leave the voters without a reachable majority.
/// </summary>
public sealed partial class ElectionCore
{
    // Autopilot's changes complete like commands; their ids are negative so they never meet a caller's.
    private long _autopilotCommandId;

    // The non-voter Autopilot means to promote: it hears every heartbeat round until it does, so it is
    // promoted only once it answered within an election timeout, as a voter must (a non-voter that died
    // since its last keep-alive would otherwise take a seat and a share of the quorum it cannot give).
    private string? _standby;

    // Voters that asked to leave (LeaveCommand): Autopilot treats them as failed at once, so a healthy
    // non-voter takes the seat and the leaver is the one demoted. Cleared with leadership.
    private readonly HashSet<string> _leaving = [];

    /// <summary>
    /// Takes a member's request to leave for now. A non-voter is removed (a membership change like any other);
    /// a voter is marked as leaving and Autopilot gives its seat to a healthy non-voter in the next rounds,
    /// leaving it a non-voter; in a configuration without non-voters it stays a voter and is not marked (the
    /// cluster then treats its absence as a failure). The Goose does not leave: it hands over first.
    /// </summary>
    public Ready Leave(LeaveCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var goose = _leaderId is null ? null : FindMember(_leaderId);
        var member = FindMember(command.MemberId);
        CommandResult? outcome =
            _state != NodeState.Leader ? new(command.Id, MembershipOutcome.NotGoose, goose, goose is null ? "No Goose is known yet; retry shortly." : $"Ask the Goose {goose.Id} at {goose.Url}.")
            : member is null ? new(command.Id, MembershipOutcome.Done, goose, $"{command.MemberId} is not a member.")
            : member.Id == _options.SelfId ? new(command.Id, MembershipOutcome.Rejected, goose, $"{member.Id} is the Goose: it hands over leadership before it leaves.")
            : !member.IsVoter ? Decide(new MembershipCommand(command.Id, MembershipChange.Remove, member), queued: false)
            : null;
        if (member is { IsVoter: true } && outcome is null)
        {
            // A Goose just elected may not have heard its non-voters yet: any non-voter may take the seat once
            // it qualifies (see BestNonVoter), and the leaving node waits for that within its own bound.
            var successor = BestNonVoter();
            var anyone = Configuration.Any(m => !m.IsVoter);
            if (anyone)
            {
                _leaving.Add(member.Id);
            }

            outcome = new CommandResult(
                command.Id,
                MembershipOutcome.Done,
                goose,
                successor is not null ? $"{successor.Id} takes {member.Id}'s seat; {member.Id} stays a non-voter."
                : anyone ? $"A non-voter takes {member.Id}'s seat as soon as one answers with the whole log; {member.Id} stays a non-voter."
                : $"No non-voter can take {member.Id}'s seat; it stays a voter while it is away.");
        }

        if (outcome is not null)
        {
            _ready.Completed.Add(outcome);
        }

        return Finish();
    }

    /// <summary>One Autopilot decision at most, once per heartbeat round, on the Goose only.</summary>
    private void RunAutopilot()
    {
        if (_state != NodeState.Leader || ChangeBlocked is not null || _waiting.Count > 0)
        {
            return;
        }

        var voters = Voters;
        var target = _log.VoterTarget;
        _leaving.RemoveWhere(id => FindMember(id) is not { IsVoter: true });
        var failed = voters
            .Where(v => v.Id != _options.SelfId && (_leaving.Contains(v.Id) || _progress[v.Id].UnheardFor(_tickCount) >= _options.StabilizationTicks))
            .OrderByDescending(v => _leaving.Contains(v.Id))
            .ThenByDescending(v => _progress[v.Id].UnheardFor(_tickCount))
            .ToList();

        var best = voters.Count - failed.Count < target ? BestNonVoter() : null;
        _standby = best?.Id;
        if (best is { } promoted && HeardRecently(promoted.Id) && _progress[promoted.Id].MatchIndex >= _log.LastIndex
            && ReachableWith(promoted.Id, voters.Count + 1))
        {
            _standby = null;
            var why = failed.Count == 0 ? $"{voters.Count} voters of a target of {target}"
                : _leaving.Contains(failed[0].Id) ? $"{failed[0].Id} is leaving"
                : $"{failed[0].Id} unheard for {Seconds(_progress[failed[0].Id].UnheardFor(_tickCount))}";
            Change(AutopilotAction.Promote, promoted, $"promoted {promoted.Id} (priority {promoted.ElectionPriority}): {why}", [.. Configuration.Select(m => m.Id == promoted.Id ? m.AsVoter(true) : m)]);
            return;
        }

        if (voters.Count > target && SeatToGiveUp(failed) is { } demoted)
        {
            var why = _leaving.Contains(demoted.Id) ? "it is leaving"
                : failed.Contains(demoted) ? $"unheard for {Seconds(_progress[demoted.Id].UnheardFor(_tickCount))}"
                : "the lowest priority";
            Change(AutopilotAction.Demote, demoted, $"demoted {demoted.Id} to a non-voter: {voters.Count} voters of a target of {target}, {why}", [.. Configuration.Select(m => m.Id == demoted.Id ? m.AsVoter(false) : m)]);
            return;
        }

        var dead = Configuration
            .Where(m => !m.IsVoter && _progress.TryGetValue(m.Id, out var p) && p.UnheardFor(_tickCount) >= _options.DeadNonVoterTicks)
            .OrderByDescending(m => _progress[m.Id].UnheardFor(_tickCount))
            .FirstOrDefault();
        if (dead is not null)
        {
            Change(AutopilotAction.Remove, dead, $"removed the non-voter {dead.Id}: unheard for {Seconds(_progress[dead.Id].UnheardFor(_tickCount))}", [.. Configuration.Where(m => m.Id != dead.Id)]);
        }
    }

    /// <summary>
    /// The non-voter that should take a seat: heard within a keep-alive and an election timeout; of those the
    /// ones that may lead first (priority above 0), then the highest priority, then the one heard last, then the
    /// lowest id. It is promoted once, as the standby written to every round, it holds the whole log and answered
    /// within an election timeout.
    /// </summary>
    private Member? BestNonVoter() => Configuration
        .Where(m => !m.IsVoter
            && _progress.TryGetValue(m.Id, out var p)
            && p.LastHeardTick is not null
            && p.UnheardFor(_tickCount) <= _options.KeepAliveTicks + _options.ElectionTimeoutTicks)
        .OrderByDescending(m => m.ElectionPriority > 0)
        .ThenByDescending(m => m.ElectionPriority)
        .ThenBy(m => _progress[m.Id].UnheardFor(_tickCount))
        .ThenBy(m => m.Id, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary>
    /// Whether, with <paramref name="promotedId"/> voting too, the <paramref name="votersAfter"/> voters still
    /// have a majority this Goose heard within an election timeout (counting itself and the promoted member).
    /// </summary>
    private bool ReachableWith(string promotedId, int votersAfter)
    {
        var reachable = 1 + Voters.Count(v => v.Id != _options.SelfId && HeardRecently(v.Id)) + (HeardRecently(promotedId) ? 1 : 0);
        return reachable >= (votersAfter / 2) + 1;
    }

    /// <summary>
    /// The voter to demote when there are more than the target: the longest unheard of the failed ones, else
    /// the lowest priority (then the least recently heard, then the highest id); never this Goose, never one
    /// whose loss leaves no reachable majority (see <see cref="UnreachableAfterRemoval"/>) or no voter that may lead.
    /// </summary>
    private Member? SeatToGiveUp(List<Member> failed)
    {
        var others = failed.Count > 0
            ? failed
            : [.. Peers
                .OrderBy(v => v.ElectionPriority)
                .ThenByDescending(v => _progress[v.Id].UnheardFor(_tickCount))
                .ThenByDescending(v => v.Id, StringComparer.Ordinal)];
        return others.FirstOrDefault(v =>
            UnreachableAfterRemoval(v.Id) is null
            && Voters.Any(w => w.Id != v.Id && w.CanStand));
    }

    private void Change(AutopilotAction action, Member member, string reason, IReadOnlyList<Member> next)
    {
        _ready.Decisions.Add(new AutopilotDecision(action, member, _term, reason));
        AppendConfiguration(--_autopilotCommandId, next);
    }

    private string Seconds(long ticks) => $"{(ticks * _options.TickInterval).TotalSeconds:0.#} s";
}
