using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core;

/// <summary>
/// Raft leader election and membership as a pure state machine (the shape of etcd-io/raft): three ways
/// in (<see cref="Tick"/>, <see cref="Step"/>, <see cref="Propose"/>), each returning a <see cref="Ready"/>
/// that says what the caller must persist and send. No I/O, no clock, no threads.
/// </summary>
public sealed partial class ElectionCore
{
    /// <summary>Creates a core from durable state loaded at start.</summary>
    public ElectionCore(CoreOptions options, DurableState state, IElectionTimer timer, Random random)
    {
        throw new NotImplementedException("being written");
    }

    /// <summary>The state after the last step.</summary>
    public CoreStatus Status => throw new NotImplementedException();

    /// <summary>Advances time by one tick.</summary>
    public Ready Tick() => throw new NotImplementedException();

    /// <summary>Takes one message from a peer: a request (the reply is in <see cref="Ready.Reply"/>) or a reply to one of ours.</summary>
    public Ready Step(RaftMessage message) => throw new NotImplementedException();

    /// <summary>Takes a membership command; its decision comes in <see cref="Ready.Completed"/> of this or a later step.</summary>
    public Ready Propose(MembershipCommand command) => throw new NotImplementedException();
}
