using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Core.Tests;

/// <summary>Builds cores for unit tests: 10 ms ticks, heartbeat 5 ticks, minimum election timeout 15 ticks.</summary>
internal static class CoreHarness
{
    public const int HeartbeatTicks = 5;
    public const int ElectionTicks = 15;

    public static readonly Member A = new("a", "http://a");
    public static readonly Member B = new("b", "http://b");
    public static readonly Member C = new("c", "http://c");
    public static readonly Member D = new("d", "http://d");

    public static IReadOnlyList<Member> Three { get; } = [A, B, C];

    public static DurableState Cluster(IReadOnlyList<Member> members, long term = 0, string? votedFor = null) =>
        new(term, votedFor, new Snapshot(1, 0, members), []);

    public static ElectionCore NewCore(Member self, DurableState state, int extraTicks = 0) => new(
        new CoreOptions(self.Id, TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks),
        state,
        new FixedTimer(TimeSpan.FromMilliseconds(10 * extraTicks)),
        new Random(1));

    /// <summary>Ticks until <paramref name="until"/> holds for a step's Ready; fails after <paramref name="max"/> ticks.</summary>
    public static Ready TickUntil(ElectionCore core, Func<Ready, bool> until, int max = 200)
    {
        for (var i = 0; i < max; i++)
        {
            var ready = core.Tick();
            if (until(ready))
            {
                return ready;
            }
        }

        throw new Xunit.Sdk.XunitException($"condition not reached within {max} ticks; state {core.Status}");
    }

    public static void Ticks(ElectionCore core, int count)
    {
        for (var i = 0; i < count; i++)
        {
            core.Tick();
        }
    }

    /// <summary>Makes <paramref name="core"/> (self A in <see cref="Three"/>) the leader of a fresh term with B's votes.</summary>
    public static ElectionCore Leader(out Ready elected)
    {
        var core = NewCore(A, Cluster(Three));
        var pre = TickUntil(core, r => r.Messages.Count > 0);
        core.Step(new VoteResponse(B.Id, pre.Messages[0].Message.Term, true, PreVote: true));
        elected = core.Step(new VoteResponse(B.Id, core.Status.Term, true, PreVote: false));
        Assert.Equal(NodeState.Leader, elected.Status.State);
        return core;
    }

    public static IEnumerable<T> MessagesOf<T>(this Ready ready) where T : RaftMessage =>
        ready.Messages.Select(e => e.Message).OfType<T>();
}
