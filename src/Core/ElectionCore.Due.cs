using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// When the next tick can matter, so a caller need not tick while nothing is due (etcd-io/raft ticks on a
/// fixed period; an idle node here sleeps instead). Each deadline below mirrors one check made by
/// <see cref="Tick(int)"/>, after that tick's counters have moved.
/// </summary>
public sealed partial class ElectionCore
{
    /// <summary>
    /// How many ticks from now the first tick that can change anything comes: ticks before it change only
    /// counters (and so only <see cref="PeerProgress.TicksSinceHeard"/> in <see cref="Status"/>), and produce
    /// no message, durable change, transition or decided command. <see cref="int.MaxValue"/> when no tick can
    /// change anything until a message or command arrives. Any <see cref="Step"/>, <see cref="Propose"/> or
    /// <see cref="TransferLeadership"/> may move it, so a caller asks again after each step.
    /// </summary>
    public int TicksUntilDue
    {
        get
        {
            var due = long.MaxValue;
            if (_state == NodeState.Leader)
            {
                // TickLeader: check-quorum (thesis §6.2), the learner's deadline (thesis §4.2.1), the next round.
                // A sole voter is its own majority, and with nobody to write to it has no round to send: a
                // Goose of one sleeps until something arrives.
                if (!SoleVoter)
                {
                    due = Math.Min(due, _options.ElectionTimeoutTicks - (_tickCount - _lastQuorumTick));
                }

                if (_learner is { } learner)
                {
                    due = Math.Min(due, LearnerDeadlineTicks - (_tickCount - learner.StartTick));
                }

                if (HasFollowers)
                {
                    due = Math.Min(due, _options.HeartbeatTicks - _heartbeatElapsed);
                }

                // ExpireWaiting: the oldest waiting membership change runs out of time.
                if (_waiting.TryPeek(out var oldest))
                {
                    due = Math.Min(due, WaitLimitTicks - (_tickCount - oldest.QueuedTick));
                }
            }
            else
            {
                // Forgetting a Goose not heard from for as long as its lease can last (a non-voter: longer).
                var leaseLeft = (long)_voteRefusalTicks - _ticksSinceLeaderContact;
                if (_leaderId is not null)
                {
                    due = Math.Min(due, (long)GooseMemoryTicks - _ticksSinceLeaderContact);
                }

                // The election timeout, which waits out the lease this node promised (thesis §6.4.1).
                // A sole voter stands on its next tick once the lease is over (see TickElection).
                if (MayCampaign)
                {
                    var timeoutLeft = SoleVoter ? 1 : _electionTimeout - _electionElapsed;
                    due = Math.Min(due, Math.Max(timeoutLeft, leaseLeft));

                    // A candidate asks the voters it lacks again every heartbeat interval (AskForVotes).
                    if (_state == NodeState.Candidate)
                    {
                        due = Math.Min(due, _options.HeartbeatTicks - (_tickCount - _votesAskedTick));
                    }
                }
            }

            // TickTransfer and TickTransferProbe (thesis §3.10): a hand-over's deadlines, on either side.
            if (_transfer is { } transfer)
            {
                due = Math.Min(due, _options.ElectionTimeoutTicks - (_tickCount - transfer.StartTick));
            }

            if (_handover is { } handover)
            {
                due = Math.Min(due, _options.ElectionTimeoutTicks - (_tickCount - (handover.SteppedDownTick ?? handover.StartTick)));
            }

            if (_probe is { } probe)
            {
                due = Math.Min(due, _state != NodeState.Follower ? 1 : _options.ElectionTimeoutTicks - (_tickCount - probe.StartTick));
            }

            return due == long.MaxValue ? int.MaxValue : (int)Math.Clamp(due, 1, int.MaxValue - 1);
        }
    }
}
