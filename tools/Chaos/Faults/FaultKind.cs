namespace DuckDuckGoose.Chaos.Faults;

/// <summary>What a planned fault does; see the README's "Chaos suite" for how each is carried out.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL the node, then start it again on the same data directory when healed.</summary>
    Kill,

    /// <summary>SIGSTOP the node (a stalled process: GC pause, disk stall), SIGCONT when healed.</summary>
    Stop,

    /// <summary>A symmetric partition: no connection across a random split, in either direction.</summary>
    Partition,

    /// <summary>One node cannot reach another while the other still reaches it (nftables, connection-tracked).</summary>
    OneWayCut,

    /// <summary>Every chunk of the affected links' connections is held back by a fixed delay plus jitter (the delay line).</summary>
    Delay,

    /// <summary>The affected links lose chunks the way TCP experiences loss: held back for a retransmission timeout, sometimes reset.</summary>
    Loss,

    /// <summary>Not a fault: an operator's <c>POST /cluster/step-down</c> to the current Goose, naming a target.</summary>
    StepDown,
}
