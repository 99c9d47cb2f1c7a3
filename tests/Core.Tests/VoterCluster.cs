using DuckDuckGoose.Contracts;
using static DuckDuckGoose.Core.Tests.CoreHarness;

namespace DuckDuckGoose.Core.Tests;

/// <summary>
/// A Goose (A) leading a configuration of voters and non-voters, driven tick by tick with the members that
/// are alive answering its AppendRequests: for the tests of non-voters and of Autopilot. Times are in the
/// harness's ticks (10 ms); the keep-alive, stabilization and removal times are short so tests stay small.
/// </summary>
internal sealed class VoterCluster
{
    public const int KeepAliveTicks = 20;
    public const int StabilizationTicks = 50;
    public const int RemovalTicks = 200;

    public static readonly Member E = new("e", "http://e");
    public static readonly Member F = new("f", "http://f");

    /// <summary>D of the harness as a non-voter.</summary>
    public static readonly Member NonVoterD = D.AsVoter(false);

    /// <summary>E as a non-voter.</summary>
    public static readonly Member NonVoterE = E.AsVoter(false);

    private readonly HashSet<string> _down = [];

    /// <summary>Elects A; the members in <paramref name="down"/> never answer, not even the new Goose's first round.</summary>
    public VoterCluster(IReadOnlyList<Member> members, int? voters = null, params Member[] down)
        : this(Options(A.Id), members, voters, down)
    {
    }

    /// <summary>Elects A under <paramref name="options"/> (A's); the members in <paramref name="down"/> never answer.</summary>
    public VoterCluster(CoreOptions options, IReadOnlyList<Member> members, int? voters = null, params Member[] down)
    {
        Down(down);
        var state = new DurableState(0, null, new Snapshot(1, 0, members, voters), []);
        Core = new ElectionCore(options, state, new FixedTimer(TimeSpan.Zero), new Random(1));
        var pre = TickUntil(Core, r => r.Messages.Count > 0);
        var term = pre.Messages[0].Message.Term;
        foreach (var voter in members.Where(m => m.IsVoter && m.Id != A.Id))
        {
            Core.Step(new VoteResponse(voter.Id, term, true, PreVote: true));
        }

        Ready? elected = null;
        foreach (var voter in members.Where(m => m.IsVoter && m.Id != A.Id))
        {
            elected = Core.Step(new VoteResponse(voter.Id, term, true, PreVote: false));
            if (elected.Status.State == NodeState.Leader)
            {
                break;
            }
        }

        Assert.Equal(NodeState.Leader, Core.Status.State);
        Answer(elected!);
    }

    public ElectionCore Core { get; }

    /// <summary>Every AppendRequest sent, with its addressee, in order.</summary>
    public List<(string To, AppendRequest Request, long Tick)> Sent { get; } = [];

    /// <summary>Every Autopilot decision, in order.</summary>
    public List<AutopilotDecision> Decisions { get; } = [];

    /// <summary>Every completed command, in order.</summary>
    public List<CommandResult> Completed { get; } = [];

    public long Tick { get; private set; }

    public static CoreOptions Options(string self) => new(self, TimeSpan.FromMilliseconds(10), HeartbeatTicks, ElectionTicks)
    {
        NonVoterKeepAlive = TimeSpan.FromMilliseconds(10 * KeepAliveTicks),
        AutopilotStabilization = TimeSpan.FromMilliseconds(10 * StabilizationTicks),
        DeadNonVoterRemoval = TimeSpan.FromMilliseconds(10 * RemovalTicks),
    };

    public void Down(params Member[] members) => _down.UnionWith(members.Select(m => m.Id));

    public void Up(params Member[] members) => _down.ExceptWith(members.Select(m => m.Id));

    public Member Member(string id) => Core.Status.Members.Single(m => m.Id == id);

    /// <summary>Ticks <paramref name="ticks"/> times, the live members answering everything the Goose sends.</summary>
    public void Run(int ticks)
    {
        for (var i = 0; i < ticks; i++)
        {
            Tick++;
            Answer(Core.Tick());
        }
    }

    /// <summary>Ticks until <paramref name="until"/> holds; fails after <paramref name="max"/> ticks.</summary>
    public void RunUntil(Func<bool> until, int max = 2_000)
    {
        for (var i = 0; i < max && !until(); i++)
        {
            Run(1);
        }

        Assert.True(until(), $"not reached within {max} ticks; members {string.Join(", ", Core.Status.Members)}");
    }

    public Ready Step(Func<ElectionCore, Ready> step)
    {
        var ready = step(Core);
        Answer(ready);
        return ready;
    }

    private void Answer(Ready ready)
    {
        var pending = new Queue<Ready>([ready]);
        while (pending.TryDequeue(out var next))
        {
            Decisions.AddRange(next.Decisions);
            Completed.AddRange(next.Completed);
            foreach (var (to, message) in next.Messages.Select(e => (e.To, e.Message)))
            {
                if (message is not AppendRequest request)
                {
                    continue;
                }

                Sent.Add((to.Id, request, Tick));
                if (_down.Contains(to.Id))
                {
                    continue;
                }

                var match = request.Entries.Count > 0 ? request.Entries[^1].Index : Math.Max(request.PrevLogIndex, request.Snapshot?.Index ?? 0);
                pending.Enqueue(Core.Step(new AppendResponse(to.Id, request.Term, request.Round, true, match)));
            }
        }
    }
}
