using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Chaos.Faults;
using DuckDuckGoose.Chaos.Probing;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// Moves the lab from one <see cref="FaultState"/> to the next and records each move in the
/// <see cref="FaultTimeline"/>, stamped when it starts (so a fault counts from its first effect). New faults
/// first, heals last: SIGKILL and SIGSTOP, then the delay line is told about newly slowed links before the
/// nftables rules send connections to it, then the rules, then healed links' relayed connections are reset
/// after the rules stopped sending them there, then SIGCONT and restarts.
/// </summary>
public sealed class FaultInjector
{
    private readonly IReadOnlyList<ChaosNode> _nodes;
    private readonly NetworkFaults _network;
    private readonly DelayLine _delayLine;
    private readonly RunClock _clock;

    /// <summary>An injector for <paramref name="nodes"/>, starting from no fault.</summary>
    public FaultInjector(IReadOnlyList<ChaosNode> nodes, NetworkFaults network, DelayLine delayLine, FaultTimeline timeline, RunClock clock)
    {
        _nodes = nodes;
        _network = network;
        _delayLine = delayLine;
        Timeline = timeline;
        _clock = clock;
        Current = FaultState.Healthy(nodes.Count);
    }

    /// <summary>The faults in force now.</summary>
    public FaultState Current { get; private set; }

    /// <summary>Where every change is recorded.</summary>
    public FaultTimeline Timeline { get; }

    /// <summary>Carries out the change from <see cref="Current"/> to <paramref name="next"/>.</summary>
    public async Task ApplyAsync(FaultState next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Current;
        Timeline.Record(_clock.NowMs, next);
        Current = next;

        foreach (var node in next.Down.Except(previous.Down))
        {
            _nodes[node].Kill();
        }

        foreach (var node in next.Stopped.Except(previous.Stopped))
        {
            _nodes[node].Stop();
        }

        foreach (var (link, impairment) in next.Slow.Where(s => !previous.Slow.TryGetValue(s.Key, out var was) || was != s.Value))
        {
            _delayLine.Configure(link, impairment);
        }

        await _network.ApplyAsync(next, cancellationToken).ConfigureAwait(false);

        await Task.WhenAll(previous.Slow.Keys.Except(next.Slow.Keys).Select(_delayLine.HealAsync)).ConfigureAwait(false);

        foreach (var node in previous.Stopped.Except(next.Stopped))
        {
            _nodes[node].Continue();
        }

        foreach (var node in previous.Down.Except(next.Down))
        {
            _nodes[node].Start();
        }
    }

    /// <summary>
    /// Restarts <paramref name="node"/> in order (SIGTERM, then a new process) with <paramref name="settings"/>,
    /// as an operator's rolling restart would; the timeline shows it down meanwhile.
    /// </summary>
    public async Task RestartAsync(int node, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        Timeline.Record(_clock.NowMs, Current.WithDown(node));
        await _nodes[node].TerminateAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        _nodes[node].Settings = settings;
        _nodes[node].Start();
        Timeline.Record(_clock.NowMs, Current);
    }
}
