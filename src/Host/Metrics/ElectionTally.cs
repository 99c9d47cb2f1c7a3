using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;

namespace DuckDuckGoose.Host.Metrics;

/// <summary>
/// Follows the elections this node stands in from the core's <see cref="StateTransition"/>s, and tells
/// how each one ended. An election is the real vote of Raft §5.2: the transition into Candidate that
/// raises the term (a pre-vote, thesis §9.6, does not raise it and is not counted). It ends with the next
/// transition: into Leader (won), into Follower (lost), or into a new pre-vote at the same term (timed out).
/// Not thread-safe: the node actor's loop owns it.
/// </summary>
public sealed class ElectionTally
{
    // The term of the election this node stands in, or 0 when it stands in none (terms start at 1).
    private long _standing;

    /// <summary>Whether this node stands in an election now.</summary>
    public bool Standing => _standing != 0;

    /// <summary>
    /// Takes the next transition of the core, with the term the core was in just before it, and returns
    /// how the election it ends ended, or null when it ends none.
    /// </summary>
    public ElectionResult? Take(StateTransition transition, long termBefore)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var standing = _standing;
        if (transition.To == NodeState.Candidate && transition.Term > termBefore)
        {
            // A new election; one still open (never seen to end) ran out of time.
            _standing = transition.Term;
            return standing != 0 ? ElectionResult.TimedOut : null;
        }

        if (standing == 0)
        {
            return null;
        }

        _standing = 0;
        return transition.To switch
        {
            NodeState.Leader => ElectionResult.Won,
            NodeState.Follower => ElectionResult.Lost,
            _ => ElectionResult.TimedOut,
        };
    }
}
