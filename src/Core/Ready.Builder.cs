using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

public sealed partial record Ready
{
    /// <summary>Collects one step's effects inside the core.</summary>
    internal sealed class Builder
    {
        public bool Dirty { get; set; }

        public List<Envelope> Messages { get; } = [];

        public RaftMessage? Reply { get; set; }

        public List<CommandResult> Completed { get; } = [];

        public long? RoundStarted { get; set; }

        public long? QuorumRound { get; set; }

        public List<StateTransition> Transitions { get; } = [];

        public PeerRefusal? Refused { get; set; }

        public List<AutopilotDecision> Decisions { get; } = [];

        /// <summary>Builds the step's Ready, every message stamped with <paramref name="clusterId"/>, and starts afresh.</summary>
        public Ready Build(DurableState? durable, CoreStatus status, string? clusterId, bool soleVoter)
        {
            var ready = new Ready(
                durable,
                Messages.Count == 0 ? [] : [.. Messages.Select(e => e with { Message = Stamp(e.Message, clusterId) })],
                Reply is null ? null : Stamp(Reply, clusterId),
                Completed.Count == 0 ? [] : [.. Completed],
                RoundStarted,
                QuorumRound,
                status,
                Transitions.Count == 0 ? [] : [.. Transitions],
                Refused)
            {
                Decisions = Decisions.Count == 0 ? [] : [.. Decisions],
                SoleVoter = soleVoter,
            };
            Dirty = false;
            Decisions.Clear();
            Refused = null;
            Messages.Clear();
            Reply = null;
            Completed.Clear();
            RoundStarted = null;
            QuorumRound = null;
            Transitions.Clear();
            return ready;
        }

        /// <summary>
        /// Forgets the messages and lease news of a step that threw, so nothing half-decided leaves the node
        /// and no lease is extended by it. Kept: that durable state changed (whatever the step changed in
        /// memory is persisted by the next step before any reply leaves), and the commands and transitions
        /// it noted, which happened.
        /// </summary>
        public void DiscardSends()
        {
            Refused = null;
            Messages.Clear();
            Reply = null;
            RoundStarted = null;
            QuorumRound = null;
        }

        private static RaftMessage Stamp(RaftMessage message, string? clusterId) =>
            clusterId is null || message.Cluster == clusterId ? message : message with { Cluster = clusterId };
    }
}
