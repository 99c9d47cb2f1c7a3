using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Metrics;

namespace DuckDuckGoose.Host.Tests.Metrics;

public sealed class ElectionTallyTests
{
    private static StateTransition To(NodeState from, NodeState to, long term) => new(from, to, term, "test");

    [Fact]
    public void A_pre_vote_is_not_an_election()
    {
        var tally = new ElectionTally();

        var result = tally.Take(To(NodeState.Follower, NodeState.Candidate, 3), termBefore: 3);

        Assert.Null(result);
        Assert.False(tally.Standing);
    }

    [Fact]
    public void A_pre_vote_that_fails_back_to_Follower_ends_no_election()
    {
        var tally = new ElectionTally();
        tally.Take(To(NodeState.Follower, NodeState.Candidate, 3), 3);

        Assert.Null(tally.Take(To(NodeState.Candidate, NodeState.Follower, 3), 3));
    }

    [Fact]
    public void Raising_the_term_into_Candidate_starts_an_election_that_Leader_wins()
    {
        var tally = new ElectionTally();
        tally.Take(To(NodeState.Follower, NodeState.Candidate, 3), 3);

        var started = tally.Take(To(NodeState.Candidate, NodeState.Candidate, 4), 3);
        var standing = tally.Standing;
        var ended = tally.Take(To(NodeState.Candidate, NodeState.Leader, 4), 4);

        Assert.Null(started);
        Assert.True(standing);
        Assert.Equal(ElectionResult.Won, ended);
        Assert.False(tally.Standing);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void Back_to_Follower_in_the_same_or_a_later_term_loses_the_election(long term)
    {
        var tally = new ElectionTally();
        tally.Take(To(NodeState.Candidate, NodeState.Candidate, 4), 3);

        Assert.Equal(ElectionResult.Lost, tally.Take(To(NodeState.Candidate, NodeState.Follower, term), 4));
    }

    [Fact]
    public void A_new_pre_vote_at_the_same_term_means_the_election_timed_out()
    {
        var tally = new ElectionTally();
        tally.Take(To(NodeState.Candidate, NodeState.Candidate, 4), 3);

        Assert.Equal(ElectionResult.TimedOut, tally.Take(To(NodeState.Candidate, NodeState.Candidate, 4), 4));
        Assert.False(tally.Standing);
    }

    [Fact]
    public void A_hand_over_election_from_Follower_counts_and_a_second_one_ends_the_first()
    {
        var tally = new ElectionTally();

        var first = tally.Take(To(NodeState.Follower, NodeState.Candidate, 5), 4);
        var second = tally.Take(To(NodeState.Candidate, NodeState.Candidate, 6), 5);

        Assert.Null(first);
        Assert.Equal(ElectionResult.TimedOut, second);
        Assert.True(tally.Standing);
    }

    [Fact]
    public void A_sole_voter_counts_one_election_won_in_one_step()
    {
        // The core's transitions for a founding node's first tick: pre-vote, election, Leader.
        var tally = new ElectionTally();
        StateTransition[] step = [To(NodeState.Follower, NodeState.Candidate, 0), To(NodeState.Candidate, NodeState.Candidate, 1), To(NodeState.Candidate, NodeState.Leader, 1)];

        var results = new List<ElectionResult>();
        var term = 0L;
        foreach (var transition in step)
        {
            if (tally.Take(transition, term) is { } result)
            {
                results.Add(result);
            }

            term = transition.Term;
        }

        Assert.Equal([ElectionResult.Won], results);
    }
}
