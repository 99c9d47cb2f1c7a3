using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

public sealed class ReadyTests
{
    [Fact]
    public void A_candidates_vote_requests_may_leave_before_its_new_term_and_self_vote_are_saved()
    {
        var core = NewCore(A, Cluster(Three));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        var before = core.Status;

        var campaign = core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true));

        Assert.Equal((NodeState.Candidate, 1L, "a"), (campaign.Status.State, campaign.Persist!.Term, campaign.Persist.VotedFor));
        Assert.All(campaign.MessagesOf<VoteRequest>(), r => Assert.False(r.PreVote));
        Assert.True(campaign.RequestsMayLeaveBeforePersisted(before));
    }

    [Fact]
    public void A_new_Gooses_first_round_may_leave_before_its_term_entry_is_saved()
    {
        var core = NewCore(A, Cluster(Three));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true));
        var before = core.Status;

        var elected = core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false));

        Assert.Equal(NodeState.Leader, elected.Status.State);
        Assert.NotNull(elected.Persist);
        Assert.Equal(2, elected.MessagesOf<AppendRequest>().Count());
        Assert.Equal(before.CommitIndex, elected.Status.CommitIndex);
        Assert.True(elected.RequestsMayLeaveBeforePersisted(before));
    }

    [Fact]
    public void A_sole_voter_commits_its_own_entry_at_once_so_nothing_leaves_before_its_save()
    {
        var core = NewCore(A, Cluster([A, B.AsVoter(false)]));
        var before = core.Status;

        var elected = TickUntil(core, r => r.Status.State == NodeState.Leader);

        Assert.True(elected.SoleVoter);
        Assert.True(elected.Status.CommitIndex > before.CommitIndex);
        Assert.False(elected.RequestsMayLeaveBeforePersisted(before));
    }

    [Fact]
    public void A_step_that_only_replies_has_nothing_to_send_early()
    {
        var voter = NewCore(B, Cluster(Three));
        var before = voter.Status;

        var granted = voter.Step(new VoteRequest(A.Id, 1, 1, 0, PreVote: false));

        Assert.NotNull(granted.Persist);
        Assert.True(((VoteResponse)granted.Reply!).Granted);
        Assert.False(granted.RequestsMayLeaveBeforePersisted(before));
    }

    [Fact]
    public void Each_condition_alone_keeps_the_step_in_the_save_first_order()
    {
        Leader(out var elected);
        var before = elected.Status with { State = NodeState.Candidate, Leader = null };
        Assert.True(elected.RequestsMayLeaveBeforePersisted(before));

        // Nothing to persist: the ordinary order, which sends at once anyway.
        Assert.False((elected with { Persist = null }).RequestsMayLeaveBeforePersisted(before));

        // The commit index moved in this step: an append request would announce it before it is on this disk.
        Assert.False(elected.RequestsMayLeaveBeforePersisted(before with { CommitIndex = elected.Status.CommitIndex - 1 }));

        // It led before this step and does not now: a demoted Goose's lease and status go first.
        var demoted = elected with { Status = elected.Status with { State = NodeState.Candidate } };
        Assert.False(demoted.RequestsMayLeaveBeforePersisted(elected.Status));

        // A hand-over is under way.
        Assert.False((elected with { Status = elected.Status with { TransferTarget = B.Id } }).RequestsMayLeaveBeforePersisted(before));

        // Anything but a vote or append request: a TimeoutNow, a reply.
        var timeoutNow = elected with { Messages = [.. elected.Messages, new Envelope(B, new TimeoutNowRequest(A.Id, elected.Status.Term, LastLogIndex: 2))] };
        Assert.False(timeoutNow.RequestsMayLeaveBeforePersisted(before));
        var reply = elected with { Messages = [.. elected.Messages, new Envelope(B, new VoteResponse(A.Id, elected.Status.Term, Granted: false, PreVote: false))] };
        Assert.False(reply.RequestsMayLeaveBeforePersisted(before));

        // A configuration entry, or a snapshot: a newcomer would take a configuration this node may lose.
        var round = elected.MessagesOf<AppendRequest>().First();
        var configuration = elected with { Messages = [new Envelope(B, round with { Entries = [new LogEntry(3, round.Term, [A, B, C])] })] };
        Assert.False(configuration.RequestsMayLeaveBeforePersisted(before));
        var voters = elected with { Messages = [new Envelope(B, round with { Entries = [new LogEntry(3, round.Term, null, Voters: 5)] })] };
        Assert.False(voters.RequestsMayLeaveBeforePersisted(before));
        var snapshot = elected with { Messages = [new Envelope(B, round with { Snapshot = new Snapshot(2, 1, [A, B, C]) })] };
        Assert.False(snapshot.RequestsMayLeaveBeforePersisted(before));

        // A sole voter.
        Assert.False((elected with { SoleVoter = true }).RequestsMayLeaveBeforePersisted(before));
    }
}
