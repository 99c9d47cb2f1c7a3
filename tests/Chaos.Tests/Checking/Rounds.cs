using DuckDuckGoose.Chaos.Probing;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Chaos.Tests.Checking;

/// <summary>Made-up probe rounds: one call per round, every answer received 2 ms after the round was sent.</summary>
internal sealed class Rounds
{
    private readonly List<ProbeAnswer> _answers = [];
    private long _round;

    public IReadOnlyList<ProbeAnswer> Answers => _answers;

    /// <summary>A round sent at <paramref name="atMs"/>; each node is given as "G3" (Goose, term 3), "D3" (Duck follower), "L3" (Leader whose lease ran out), "C4" (candidate) or "-" (no answer).</summary>
    public Rounds At(double atMs, params string[] nodes)
    {
        _round++;
        for (var node = 0; node < nodes.Length; node++)
        {
            var code = nodes[node];
            if (code == "-")
            {
                _answers.Add(new ProbeAnswer(_round, node, atMs, atMs + 2, null, null, 0, null, "timeout"));
                continue;
            }

            var term = long.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture);
            var (role, state) = code[0] switch
            {
                'G' => (NodeRole.Goose, NodeState.Leader),
                'L' => (NodeRole.Duck, NodeState.Leader),
                'C' => (NodeRole.Duck, NodeState.Candidate),
                _ => (NodeRole.Duck, NodeState.Follower),
            };
            _answers.Add(new ProbeAnswer(_round, node, atMs, atMs + 2, role, state, term));
        }

        return this;
    }

    /// <summary>The same answers in every round sent every <paramref name="stepMs"/> from <paramref name="fromMs"/> up to, not including, <paramref name="toMs"/>.</summary>
    public Rounds Every(double stepMs, double fromMs, double toMs, params string[] nodes)
    {
        for (var t = fromMs; t < toMs; t += stepMs)
        {
            At(t, nodes);
        }

        return this;
    }
}
