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

        public Ready Build(DurableState? durable, CoreStatus status)
        {
            var ready = new Ready(
                durable,
                Messages.Count == 0 ? [] : [.. Messages],
                Reply,
                Completed.Count == 0 ? [] : [.. Completed],
                RoundStarted,
                QuorumRound,
                status,
                Transitions.Count == 0 ? [] : [.. Transitions]);
            Dirty = false;
            Messages.Clear();
            Reply = null;
            Completed.Clear();
            RoundStarted = null;
            QuorumRound = null;
            Transitions.Clear();
            return ready;
        }
    }
}
